import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, dropTestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL when started with `listen: true` (for callers outside the process, e.g. telemetry). */
  url?: string;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Boots the whole AppModule on this test file's own database (migrated at start-up). */
export async function startTestApp(env: Record<string, string> = {}, options: { listen?: boolean } = {}): Promise<TestApp> {
  await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    SQLITE_PATH: process.env.SQLITE_PATH,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...env,
  });
  const app = await createApp(config);
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  } else {
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }
  return {
    app,
    url: url?.replace('[::1]', '127.0.0.1'),
    http: request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

/** Closes the app and drops the file's database. */
export async function stopTestApp(testApp: TestApp | undefined): Promise<void> {
  await testApp?.close();
  await dropTestDatabase();
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
