import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { ApiError } from './api-error';
import { pathOf } from './route-of';

export const API_PREFIX = 'api/v1';
/** Browsers' EventSource cannot set headers: this route also takes the token as ?access_token=. */
const QUERY_TOKEN_PATHS = new Set([`/${API_PREFIX}/events/stream`]);

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** With API_TOKEN set, every /api/v1 route (and /metrics) needs `Authorization: Bearer <token>`. */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    this.expected = config.API_TOKEN ? digest(config.API_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: { access_token?: unknown } }>>();
    const path = pathOf(request);
    if (!path.startsWith(`/${API_PREFIX}/`) && path !== '/metrics') return true;
    const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
    const queryToken = QUERY_TOKEN_PATHS.has(path) && typeof request.query.access_token === 'string' ? request.query.access_token : undefined;
    const token = match?.[1].trim() ?? queryToken;
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return true;
    throw new ApiError(
      HttpStatus.UNAUTHORIZED,
      token !== undefined ? 'The bearer token is not valid' : 'Authorization: Bearer <token> is required for /api/v1 and /metrics',
    );
  }
}
