import type { FastifyRequest } from 'fastify';

/** Paths the engine itself answers; everything else a browser asks for is the web console. */
const ENGINE_PATHS = /^\/(api|health|metrics)(\/|$)/;

/** The route template that matched (`/api/v1/protection-flows/:id`), so requests group by route, not by id. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** The request's path, without its query string. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0];
}

/** True for a path (or route template) under /api, /health or /metrics. */
export function isEnginePath(path: string): boolean {
  return ENGINE_PATHS.test(path);
}
