import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { acceptJsonBodies, BODY_LIMIT_BYTES } from './common/json-body';
import { mountWebConsole } from './common/web-console';
import { logAccess } from './logging/access-log';
import { JsonLogger } from './logging/json-logger';
import { echoRequestId, requestIdFrom } from './logging/request-id';
import { recordHttpMetrics } from './metrics/http-metrics';
import { EngineMetrics } from './metrics/engine-metrics';
import { buildValidationPipe } from './common/validation';
import { AppConfig, corsOrigins } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';
import { API_PREFIX } from './common/route-of';
import { answerRouterError } from './common/router-errors';
import { checkHost, checkOrigin } from './security/request-checks';
import { addSecurityHeaders } from './security/security-headers';

/**
 * Fastify under Nest: with Express the framework alone cost ~0.2 ms of CPU per answer, more than
 * the database work of a typical read (docs/architecture.md, "HTTP layer").
 */
function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => requestIdFrom(req.headers['x-request-id']),
    // Every spelling of a path reaches the route it names (the guard decides on the route, not the text):
    // a trailing or doubled slash and upper case are ignored; ids longer than find-my-way's default 100 chars reach validation.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, caseSensitive: false, maxParamLength: 1000 },
    // The router's own refusals (bad percent-encoding) get the error envelope and the request id.
    frameworkErrors: answerRouterError,
  });
}

/** Everything main.ts, the tests and the OpenAPI generator share about how the app is set up. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<INestApplication> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', echoRequestId);
  fastify.addHook('onRequest', checkHost(config));
  fastify.addHook('onRequest', checkOrigin(config));
  fastify.addHook('onResponse', logAccess(app.get(JsonLogger)));
  fastify.addHook('onResponse', recordHttpMetrics(app.get(EngineMetrics)));
  acceptJsonBodies(fastify);
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
  await addSecurityHeaders(app);
  await mountWebConsole(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(buildValidationPipe());
  app.enableShutdownHooks();
  return app;
}

export async function createApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), httpAdapter(), {
    bufferLogs: true,
    bodyParser: false,
    preview: options.preview ?? false,
    abortOnError: false,
  });
  app.useLogger(app.get(JsonLogger));
  await configureApp(app, config);
  if (!options.preview) {
    SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}
