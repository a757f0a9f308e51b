import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  isCheckViolation,
  isDatabaseUnavailable,
  isDeadlock,
  isMissingParentViolation,
  isReferencedRowViolation,
  isUniqueViolation,
} from '../database/db-errors';
import { DuplicateRecordError, RecordInUseError, RecordNotFoundError } from '../database/record-errors';
import { redactUrl } from '../logging/redact';
import { ErrorResponse, FieldProblem } from './api-error';
import { BODY_LIMIT_BYTES } from './json-body';

/** How long a client should wait before trying again while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;

/** Turns every error the app can produce into the error envelope (ErrorResponse), with the request's id. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toEnvelope(exception);
    if (typeof request.id === 'string') body.request_id = request.id;
    if (body.status === 503) void response.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (body.status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        msg: 'request failed',
        error: err.message,
        stack: err.stack,
        status: body.status,
        request_id: body.request_id,
        url: redactUrl(request.url),
      });
    }
    if (!response.sent) void response.status(body.status).send(body);
  }

  toEnvelope(exception: unknown): ErrorResponse {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof RecordNotFoundError) return envelope(HttpStatus.NOT_FOUND, exception.message);
    if (exception instanceof DuplicateRecordError)
      return envelope(HttpStatus.CONFLICT, exception.message, [{ field: exception.field, problems: [exception.message] }]);
    if (exception instanceof RecordInUseError) return envelope(HttpStatus.CONFLICT, exception.message);
    if (isDatabaseUnavailable(exception)) return envelope(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unreachable; try again in a few seconds');
    // Retried already (Transactions, RawSql); still losing means heavy contention: the client may try again.
    if (isDeadlock(exception)) return envelope(HttpStatus.SERVICE_UNAVAILABLE, 'A concurrent change held the same records; try again in a few seconds');
    if (isUniqueViolation(exception)) return envelope(HttpStatus.CONFLICT, 'A record with the same unique value already exists');
    if (isReferencedRowViolation(exception) || isMissingParentViolation(exception)) {
      return envelope(HttpStatus.CONFLICT, 'The change conflicts with records that reference, or are referenced by, this one');
    }
    if (isCheckViolation(exception)) return envelope(HttpStatus.UNPROCESSABLE_ENTITY, 'The record breaks a consistency rule');
    return envelope(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal error; the engine log has the details');
  }
}

function envelope(status: number, error: string, details: FieldProblem[] = []): ErrorResponse {
  return { error, details, status };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const status: number = exception.getStatus();
  const res = exception.getResponse();
  if (typeof res === 'object' && res !== null && 'error' in res && 'details' in res) {
    const own = res as ErrorResponse;
    return envelope(status, own.error, own.details);
  }
  // Fastify refuses these bodies before any handler runs; its sentences name neither the limit nor the fix.
  if (status === 413) return envelope(status, `Request body is larger than the ${BODY_LIMIT_BYTES}-byte limit`);
  if (status === 415) return envelope(status, 'Request body must be JSON: send it with Content-Type: application/json');
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(exception.message)) {
    return envelope(status, `No such route: ${exception.message.replace(/^Cannot /, '')}`);
  }
  const message = typeof res === 'object' && res !== null && 'message' in res ? res.message : exception.message;
  return envelope(status, Array.isArray(message) ? message.join('; ') : String(message));
}
