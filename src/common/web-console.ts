import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ErrorResponse } from './api-error';

/** Paths the engine itself answers; everything else a browser asks for is the console. */
const ENGINE_PATHS = /^\/(api|health|metrics)(\/|$)/;

/** Where `npm run build` puts the console: console/dist at the project's root. */
export function defaultConsoleDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'console', 'dist');
}

/**
 * Serves the web console: its files (one route each, found at start-up), and index.html for every
 * other GET that is not the engine's (client-side routes such as /flows/42). An unknown engine path
 * answers the API's 404; without a build, console paths answer 404 saying how to build it.
 */
export async function mountWebConsole(app: NestFastifyApplication, dir = defaultConsoleDir()): Promise<void> {
  const built = existsSync(join(dir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: dir, prefix: '/', index: false, wildcard: false, maxAge: '1h', setHeaders: cacheForever });
  }
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?', 1)[0];
      if (ENGINE_PATHS.test(path)) return notFound(reply, `No such route: GET ${path}`, request.id);
      if (!built) return notFound(reply, 'The web console is not built: run `npm run build`, then restart the engine', request.id);
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    });
}

function notFound(reply: FastifyReply, error: string, requestId: string): FastifyReply {
  const body: ErrorResponse = { error, details: [], status: 404, request_id: requestId };
  return reply.status(404).send(body);
}

/** Built assets carry a content hash in their name, so they never change. */
function cacheForever(reply: FastifyReply, path: string): void {
  if (/[\\/]assets[\\/]/.test(path)) void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
}
