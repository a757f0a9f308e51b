import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const ACTOR_HEADER = 'x-actor';

/** Who made the request: the X-Actor header (trimmed, at most 255 chars), else "system". */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers[ACTOR_HEADER];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value.slice(0, 255) : 'system';
});
