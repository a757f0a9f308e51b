import fastifyStatic from '@fastify/static';
import { HttpStatus } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from './api-error';
import { isEnginePath, pathOf } from './route-of';

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
      // Both 404s go through Nest (its not-found handler, the exception filter), as every other error does.
      if (isEnginePath(pathOf(request))) return reply.callNotFound();
      if (!built) throw new ApiError(HttpStatus.NOT_FOUND, 'The web console is not built: run `npm run build`, then restart the engine');
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    });
}

/** Built assets carry a content hash in their name, so they never change. */
function cacheForever(reply: FastifyReply, path: string): void {
  if (/[\\/]assets[\\/]/.test(path)) void reply.header('Cache-Control', 'public, max-age=31536000, immutable');
}
