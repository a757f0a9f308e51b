import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level } from 'pino';
import { routeOf } from '../common/route-of';
import { JsonLogger } from './json-logger';

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
          url: request.url,
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
