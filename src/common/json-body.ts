import type { FastifyInstance } from 'fastify';
import { badRequest } from './api-error';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * JSON request bodies through Fastify's own parser (it refuses `__proto__` and `constructor`
 * keys), except that an empty body is no body: clients send `Content-Type: application/json`
 * with nothing after it for actions whose body is optional (execute, cancel).
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') done(null, undefined);
    else void parse(request, text, (err, value) => (err ? done(badRequest('Request body is not valid JSON'), undefined) : done(null, value)));
  });
}
