import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error';
import { AppConfig } from '../config/app-config';
import { PUBLIC_ROUTE, QUERY_TOKEN_ROUTE } from './public-route';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * With API_TOKEN set, every handler needs `Authorization: Bearer <token>` unless it is marked
 * `@Public()`. Decided on the handler the router matched, never on the URL's text: `/%61pi/v1/…`
 * reaches the same handler as `/api/v1/…` and needs the same token.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(
    config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.expected = config.API_TOKEN ? digest(config.API_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: { access_token?: unknown } }>>();
    const token = bearerOf(request) ?? (this.reflector.get<boolean>(QUERY_TOKEN_ROUTE, context.getHandler()) ? queryTokenOf(request) : undefined);
    if (token !== undefined && timingSafeEqual(digest(token), this.expected)) return true;
    throw new ApiError(
      HttpStatus.UNAUTHORIZED,
      token !== undefined ? 'The bearer token is not valid' : 'This route needs the API token: send it as Authorization: Bearer <token>',
    );
  }
}

function bearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1].trim();
}

function queryTokenOf(request: FastifyRequest<{ Querystring: { access_token?: unknown } }>): string | undefined {
  const value = request.query.access_token;
  return typeof value === 'string' ? value : undefined;
}
