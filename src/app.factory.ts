import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_PREFIX } from './common/auth.guard';
import { mountWebConsole } from './common/web-console';
import { assignRequestId } from './logging/request-id';
import { recordHttpMetrics } from './metrics/http-metrics';
import { EngineMetrics } from './metrics/engine-metrics';
import { buildValidationPipe } from './common/validation';
import { AppConfig, corsOrigins } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';

export const BODY_LIMIT = '1mb';

/** Everything main.ts, the tests and the OpenAPI generator share about how the app is set up. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.use(assignRequestId);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.disable('x-powered-by');
  // Answers change with every run and are built fresh anyway; hashing each body for an ETag only costs CPU.
  app.set('etag', false);
  const origins = corsOrigins(config);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Actor', 'X-Request-Id', 'Last-Event-ID'],
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.use(recordHttpMetrics(app.get(EngineMetrics)));
  mountWebConsole(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(buildValidationPipe());
  app.enableShutdownHooks();
  return app;
}

export async function createApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
    preview: options.preview ?? false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  if (!options.preview) {
    SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
