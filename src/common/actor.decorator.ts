import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ACTOR_HEADER = 'x-actor';

/** Who made the request: the X-Actor header (trimmed, at most 255 chars), else "system". */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().header(ACTOR_HEADER)?.trim();
  return value ? value.slice(0, 255) : 'system';
});
