import type { FastifyRequest } from 'fastify';

/** The route template that matched (`/api/v1/protection-flows/:id`), so requests group by route, not by id. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}
