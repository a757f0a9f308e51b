import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponse } from './api-error';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: details lists every failing field',
  401: 'Missing or invalid bearer token',
  404: 'No such record',
  409: 'Conflict: duplicate name, record in use, or state does not allow it',
  413: 'Request body larger than 1 MB',
  422: 'Well-formed but impossible request',
  502: 'The backup API answered with an error',
  503: 'The backup API or the database is unreachable',
};

/** Documents the error answers of a route; all share the error envelope. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponse })));
}
