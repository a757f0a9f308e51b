import { Injectable } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { EgressPolicy, EgressRefused } from '../security/egress-policy';

/** What an attempt came to: the receiver's status, or why there was none. */
export type PostOutcome = { status: number; error: string | null } | { status: null; error: string };

/**
 * One connect-failure sentence whatever the cause (refused, reset, timed out, not HTTP): a
 * delivery list that said which must not tell a caller which internal ports are open.
 */
export const NO_ANSWER = 'the receiver did not answer over HTTP';

/**
 * POSTs a webhook under the egress rules: the host is checked before connecting and the address
 * it resolves to at connect time (DNS may change after the target was saved); a redirect is a
 * failed attempt, never followed (it would re-send the body and signature elsewhere).
 */
@Injectable()
export class WebhookPoster {
  constructor(private readonly egress: EgressPolicy) {}

  async post(target: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostOutcome> {
    const url = new URL(target);
    try {
      this.egress.checkName(url.hostname); // IP literals skip the lookup below

      const status = await this.send(url, headers, body, timeoutMs);
      if (status >= 300 && status < 400)
        return { status, error: `answered ${status}, a redirect; redirects are not followed: point the target at the final address` };
      return { status, error: status >= 200 && status < 300 ? null : `answered ${status}` };
    } catch (err) {
      if (err instanceof EgressRefused) return { status: null, error: `refused by the egress rules: ${err.message}` };
      return { status: null, error: NO_ANSWER };
    }
  }

  private send(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, lookup: this.egress.guardedLookup(), timeout: timeoutMs },
        (res: IncomingMessage) => {
          res.resume(); // the answer's body is not kept
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
