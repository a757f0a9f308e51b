import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Page } from 'playwright-core';
import { EngineProcess, freePort } from '../../bench/engine-process';

export { launchChromium } from '../../bench/chromium';

export const SCREENSHOTS = resolve(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/** A real engine process on a fresh SQLite file, in demo mode (its built-in backup API simulator). */
export async function startEngine(env: Record<string, string> = {}): Promise<EngineProcess> {
  if (!existsSync(resolve(__dirname, '..', '..', 'console', 'dist', 'index.html'))) {
    throw new Error('The console is not built: run `npm run build:console` (npm test does it first)');
  }
  const engine = new EngineProcess(await freePort(), { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'pfe-browser-')), 'engine.sqlite'), ...env });
  await engine.start();
  return engine;
}

/** Collects every error the page logs or throws, so a test can require there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // The browser's own "Failed to load resource" line has no URL; this one says which call failed.
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
