import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../common/route-of';
import { EngineMetrics } from './engine-metrics';

/** Counts and times every request by route template (never by raw path: ids would explode the labels). */
export function recordHttpMetrics(metrics: EngineMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const matched = routeOf(req);
      const route = matched === 'unmatched' && !/^\/(api|health|metrics)(\/|$)/.test(req.path) ? 'console' : matched;
      metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route, method: req.method }, (performance.now() - started) / 1000);
    });
    next();
  };
}
