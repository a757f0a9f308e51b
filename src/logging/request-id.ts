import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;

type WithId = IncomingMessage & { id?: string };

/**
 * The first middleware: the caller's X-Request-Id when it is sane, else a new one, on the request
 * (logs, error envelopes) and echoed in the response — even for a body the parser refuses.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  requestIdOf(req, res);
  next();
}

export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const withId = req as WithId;
  if (withId.id) return withId.id;
  const incoming = req.headers['x-request-id'];
  withId.id = typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, withId.id);
  return withId.id;
}
