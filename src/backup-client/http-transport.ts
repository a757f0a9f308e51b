import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { redactUrl } from '../logging/redact';
import { BackupApiError, BackupOperation } from './backup-api.port';

export interface HttpTransportOptions {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  /** Tries per call, the first included. */
  attempts?: number;
  /** First backoff; doubles each retry, with up to 50% jitter. */
  backoffMs?: number;
  /** Told of every request: its operation, its HTTP status (undefined: no answer) and how long it took. */
  observe?: (operation: BackupOperation, status: number | undefined, seconds: number) => void;
}

export interface Answer {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** HTTP for the backup API adapters: a timeout on every call, the bearer token, retries where another try can help. */
export class HttpTransport {
  readonly baseUrl: string;
  /** The base URL as messages show it: without user-info or secret query parameters. */
  private readonly shownUrl: string;
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.shownUrl = redactUrl(this.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.backoffMs = options.backoffMs ?? 200;
  }

  /** One call with retries for network errors, 429 and 5xx; other answers are returned as they are. */
  async call(operation: BackupOperation, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    let lastError: BackupApiError | undefined;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await this.backoff(attempt);
      try {
        const answer = await this.send(method, path, body, headers, this.timeoutMs, operation);
        if (answer.status !== 429 && answer.status < 500) return answer;
        lastError = this.failure(operation, answer);
      } catch (err) {
        lastError = this.noAnswer(operation, err);
      }
    }
    throw lastError ?? new BackupApiError(operation, `backup API ${operation} call failed`, undefined, true);
  }

  /** One request, no retry; throws when no answer comes (network error, timeout). */
  async send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = this.timeoutMs,
    operation?: BackupOperation,
  ): Promise<Answer> {
    const started = performance.now();
    const observed = (status: number | undefined) =>
      this.options.observe?.(operation ?? operationOf(method, path), status, (performance.now() - started) / 1000);
    let raw: { status: number; text: string };
    try {
      raw = await this.request(method, path, body, headers, timeoutMs);
    } catch (err) {
      observed(undefined);
      throw err;
    }
    observed(raw.status);
    let parsed: unknown = raw.text;
    try {
      parsed = raw.text ? JSON.parse(raw.text) : null;
    } catch {
      // plain text (some backup systems answer errors so); kept for the message
    }
    return { status: raw.status, body: parsed };
  }

  /** node:http with keep-alive (fetch costs several times the CPU per call, and the engine makes several calls per backup). */
  private request(method: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
    const payload = body !== undefined ? JSON.stringify(body) : undefined;
    const url = new URL(`${this.baseUrl}${path}`);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          headers: {
            Accept: 'application/json',
            ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
            ...(this.options.token ? { Authorization: `Bearer ${this.options.token}` } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  backoff(attempt: number): Promise<unknown> {
    return sleep(this.backoffMs * 2 ** (attempt - 2) * (1 + Math.random() * 0.5));
  }

  /** The API answered with an error: its own sentence (`error` of a JSON body, or the text). */
  failure(operation: BackupOperation, answer: Answer): BackupApiError {
    const retryable = answer.status === 429 || answer.status >= 500;
    return new BackupApiError(operation, `backup API ${operation} call answered ${answer.status}: ${errorOf(answer)}`, answer.status, retryable);
  }

  noAnswer(operation: BackupOperation, err: unknown): BackupApiError {
    return new BackupApiError(operation, `backup API ${operation} call got no answer from ${this.shownUrl}: ${describe(err)}`, undefined, true);
  }

  /** The probe: any answer but 5xx, 401 or 403 within `timeoutMs` means the API is there and lets us in. */
  async probe(path: string, timeoutMs: number): Promise<void> {
    let answer: Answer;
    try {
      answer = await this.send('GET', path, undefined, {}, timeoutMs);
    } catch (err) {
      throw new BackupApiError('probe', `no answer from ${this.shownUrl} within ${timeoutMs} ms: ${describe(err)}`, undefined, true);
    }
    if (answer.status >= 500 || answer.status === 401 || answer.status === 403) throw this.failure('probe', answer);
  }
}

/** A call's operation from its method and path (for calls made with send() directly). */
function operationOf(method: string, path: string): BackupOperation {
  if (method === 'POST') return 'start';
  if (path.includes('?') || path.endsWith('/backups')) return 'list';
  return path.includes('/backups/') ? 'get' : 'probe';
}

/** The error sentence of an answer: `error` of a JSON body, or the start of a text body. */
export function errorOf(answer: Answer): string {
  const body = answer.body;
  if (typeof body === 'object' && body !== null && 'error' in body) return String(body.error);
  return String(body).slice(0, 200);
}

export function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
