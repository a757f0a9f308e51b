import type { FastifyReply, FastifyRequest } from 'fastify';
import { isEnginePath, routeOf } from '../common/route-of';
import { EngineMetrics } from './engine-metrics';

/** Counts and times every answer by route template (never by raw path: ids would explode the labels); the console's files are one route. */
export function recordHttpMetrics(metrics: EngineMetrics): (request: FastifyRequest, reply: FastifyReply, done: () => void) => void {
  return (request, reply, done) => {
    const matched = routeOf(request);
    const route = matched === 'unmatched' || isEnginePath(matched) ? matched : 'console';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    done();
  };
}
