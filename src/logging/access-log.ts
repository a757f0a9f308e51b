import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level } from 'pino';
import { routeOf } from '../common/route-of';
import { JsonLogger } from './json-logger';
import { redactUrl } from './redact';

const levelOf = (status: number): Level => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One access line per answer, with the request id, the route template, the status and the
 * duration. Nothing is built for a level that is not logged.
 */
export function logAccess(logger: JsonLogger): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (request, reply, done) => {
    const level = levelOf(reply.statusCode);
    if (logger.isEnabled(level)) {
      logger.pino[level](
        {
          request_id: request.id,
          method: request.method,
          url: redactUrl(request.url),
          route: routeOf(request),
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime),
        },
        reply.statusCode >= 500 ? 'request failed' : 'request completed',
      );
    }
    done();
  };
}

/**
 * A change-stream connection skips `onResponse` (its reply is hijacked): this line, written when
 * the client goes, audits it — who (address, user agent, X-Actor), how long, how many events.
 * The address is read when the stream opens: once the socket has closed it is gone.
 */
export function logStreamClosed(logger: JsonLogger, request: FastifyRequest, reply: FastifyReply, audit: { remoteAddress: string; eventsSent: number }): void {
  if (!logger.isEnabled('info')) return;
  logger.pino.info(
    {
      request_id: request.id,
      method: request.method,
      url: redactUrl(request.url),
      route: routeOf(request),
      status: reply.raw.statusCode,
      duration_ms: Math.round(reply.elapsedTime),
      remote_address: audit.remoteAddress,
      user_agent: request.headers['user-agent'],
      actor: request.headers['x-actor'],
      events_sent: audit.eventsSent,
    },
    'stream closed',
  );
}
