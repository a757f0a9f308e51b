import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../logging/request-id';
import { ErrorResponse } from './api-error';

const SENTENCES: Record<string, [number, string]> = {
  FST_ERR_BAD_URL: [400, 'The path is not valid: it has a malformed percent-encoding (%XX)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'A part of the path is longer than 1,000 characters'],
};

/** Refusals the router makes before any route runs, in the API's error envelope with the request id. */
export function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const [status, sentence] = SENTENCES[error.code] ?? [400, 'The request could not be routed'];
  const body: ErrorResponse = { error: sentence, details: [], status, request_id: request.id };
  void reply.code(status).header(REQUEST_ID_HEADER, request.id).header('X-Content-Type-Options', 'nosniff').send(body);
}
