import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DuplicateRecordError, RecordInUseError, RecordNotFoundError } from '../database/record-errors';

/** A record an error is about, by kind, id and name: a GUI links it. */
export class RecordRef {
  @ApiProperty({ example: 'protection_flow' })
  kind!: string;

  @ApiProperty({ example: '1f0c6a52-8d1b-4e34-9d1e-0a1f2b3c4d5e' })
  id!: string;

  @ApiProperty({ example: 'nightly-prod' })
  name!: string;
}

/** One failing field of a request and what is wrong with it. */
export class FieldProblem {
  @ApiProperty({ example: 'cron_expression' })
  field!: string;

  @ApiProperty({ type: [String], example: ['must be a 5- or 6-field cron expression or a macro such as @daily'] })
  problems!: string[];

  /** The records the problem is about (a 409's "in use by …"), when there are any. */
  @ApiProperty({ type: [RecordRef], required: false })
  records?: RecordRef[];
}

/** The error envelope of every non-2xx answer. */
export class ErrorResponse {
  @ApiProperty({ description: 'One sentence a person can act on', example: 'Schedule 42 not found' })
  error!: string;

  @ApiProperty({ type: [FieldProblem], description: 'Every failing field (validation errors); empty otherwise' })
  details!: FieldProblem[];

  @ApiProperty({ example: 404 })
  status!: number;

  /** The request's id (X-Request-Id): the same id is on the request's access line in the engine log. */
  @ApiProperty({ required: false, example: '1f0c6a52-8d1b-4e34-9d1e-0a1f2b3c4d5e' })
  request_id?: string;
}

/** An HttpException that already carries the envelope's sentence and details. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super({ error: message, details, status }, status);
  }
}

export const badRequest = (message: string, details: FieldProblem[] = []): ApiError => new ApiError(HttpStatus.BAD_REQUEST, message, details);

export const notFound = (what: string, id: string | number): ApiError => new ApiError(HttpStatus.NOT_FOUND, `${what} ${id} not found`);

export const conflict = (message: string, details: FieldProblem[] = []): ApiError => new ApiError(HttpStatus.CONFLICT, message, details);

export const unprocessable = (message: string, details: FieldProblem[] = []): ApiError => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, message, details);

/**
 * 409: the record is in use by others, named in the sentence (a few) and all listed in `details`
 * with their ids, so a GUI can link them.
 */
export function inUseBy(message: string, field: string, users: RecordRef[]): ApiError {
  return conflict(message, [{ field, problems: users.map((u) => `${u.name} (${u.id})`), records: users }]);
}

/** "a", "b" and 3 more: names for a sentence. */
export function namesForSentence(names: string[], max = 3): string {
  const quoted = names.slice(0, max).map((n) => `"${n}"`);
  const rest = names.length - quoted.length;
  if (rest > 0) return `${quoted.join(', ')} and ${rest} more`;
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The sentence an error would show in the envelope (for per-item errors inside a 200 answer). */
export function errorSentence(err: unknown): string {
  if (err instanceof ApiError) return (err.getResponse() as { error: string }).error;
  if (err instanceof HttpException) return err.message;
  if (err instanceof RecordNotFoundError || err instanceof DuplicateRecordError || err instanceof RecordInUseError) return err.message;
  return 'Internal error; the engine log has the details';
}
