import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ApiError, badRequest } from './api-error';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Deeper bodies are refused before parsing: validating them recursively could exhaust the stack. */
export const MAX_BODY_DEPTH = 64;

/**
 * JSON request bodies through Fastify's own parser (it refuses `__proto__` and `constructor`
 * keys), except that an empty body is no body, whatever its content type: clients send
 * `Content-Type: application/json` — or, like axios in the seed product's GUI,
 * `application/x-www-form-urlencoded` — with nothing after it for actions without a body
 * (enable, disable, execute, cancel). A non-empty body that is not JSON is a 415.
 */
export function acceptJsonBodies(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    if (nestingDepth(text) > MAX_BODY_DEPTH) return done(badRequest(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`), undefined);
    void parse(request, text, (err, value) => (err ? done(badRequest('Request body is not valid JSON'), undefined) : done(null, value)));
  });
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body: Buffer, done) => {
    if (body.toString().trim() === '') return done(null, undefined);
    done(new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Request body must be JSON: send it with Content-Type: application/json'), undefined);
  });
}

/** The deepest nesting of objects and arrays in a JSON text, counted without parsing it (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}
