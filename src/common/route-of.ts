import type { IncomingMessage } from 'node:http';

/** The route template Express matched (`/api/v1/protection-flows/:id`), so requests group by route, not by id. */
export function routeOf(req: IncomingMessage): string {
  const route = (req as IncomingMessage & { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? route : 'unmatched';
}
