import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Options } from 'pino-http';
import { routeOf } from '../common/route-of';
import { AppConfig } from '../config/app-config';
import { LOG_FORMAT } from './log-format';
import { requestIdOf } from './request-id';

function httpLogging(config: AppConfig): Options {
  return {
    ...LOG_FORMAT,
    level: config.LOG_LEVEL,
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'request_id', responseTime: 'duration_ms' },
    // Log lines written while a request is handled carry its request id only, not the whole request.
    quietReqLogger: true,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: Record<string, unknown>) => ({ ...value, route: routeOf(req), method: req.method, status: res.statusCode }),
    customErrorObject: (req, res, _err, value: Record<string, unknown>) => ({ ...value, route: routeOf(req), method: req.method, status: res.statusCode }),
  };
}

/** JSON-line logs through pino: one access line per request, a request id on every line written while handling it. */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => ({ pinoHttp: httpLogging(config) }) })],
})
export class LoggingModule {}
