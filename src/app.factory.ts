import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { API_PREFIX } from './common/auth.guard';
import { JsonLogger } from './common/json-logger';
import { mountWebConsole } from './common/web-console';
import { buildValidationPipe } from './common/validation';
import { AppConfig, corsOrigins } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';

export const BODY_LIMIT = '1mb';

/** Everything main.ts, the tests and the OpenAPI generator share about how the app is set up. */
export function configureApp(app: NestExpressApplication, config: AppConfig): INestApplication {
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.disable('x-powered-by');
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
  mountWebConsole(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(buildValidationPipe());
  app.enableShutdownHooks();
  return app;
}

export async function createApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger: new JsonLogger(config.LOG_LEVEL),
    bodyParser: false,
    preview: options.preview ?? false,
    abortOnError: false,
  });
  configureApp(app, config);
  if (!options.preview) {
    SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
