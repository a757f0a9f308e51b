import { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths the engine itself answers; everything else a browser asks for is the console. */
const ENGINE_PATHS = /^\/(api|health|metrics)(\/|$)/;

/** Where `npm run build` puts the console: console/dist at the project's root. */
export function defaultConsoleDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'console', 'dist');
}

/**
 * Serves the web console: its files, and index.html for every other GET that is not the engine's
 * (client-side routes such as /flows/42). Without a build, such paths answer 404 saying how to build it.
 */
export function mountWebConsole(app: NestExpressApplication, dir = defaultConsoleDir()): void {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  // The engine's own paths never reach the file system (a stat per API call costs more than some answers).
  const assets = serveStatic(dir, { index: false, maxAge: '1h', setHeaders: (res: Response, path: string) => cacheForever(res, path) });
  if (built) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (ENGINE_PATHS.test(req.path)) next();
      else void assets(req, res, next);
    });
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || ENGINE_PATHS.test(req.path)) return next();
    if (!built) {
      res.status(404).json({ error: 'The web console is not built: run `npm run build`, then restart the engine', details: [], status: 404 });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** Built assets carry a content hash in their name, so they never change. */
function cacheForever(res: Response, path: string): void {
  if (/[\\/]assets[\\/]/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
