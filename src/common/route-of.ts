import type { FastifyRequest } from 'fastify';

export const API_PREFIX = 'api/v1';

/** Paths the engine itself answers (in any case, as the router matches them); everything else a browser asks for is the web console. */
const ENGINE_PATHS = /^\/+(api|health|metrics)(\/|$)/i;

/** The route template that matched (`/api/v1/protection-flows/:id`), so requests group by route, not by id. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** The request's path as the router sees it: without its query string, percent-decoded. */
export function pathOf(request: FastifyRequest): string {
  const raw = request.url.split('?', 1)[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** True for a path (or route template) under /api, /health or /metrics. */
export function isEnginePath(path: string): boolean {
  return ENGINE_PATHS.test(path);
}
