import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, dropTestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Boots the whole AppModule on this test file's own database (migrated at start-up). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    SQLITE_PATH: process.env.SQLITE_PATH,
    LOG_LEVEL: 'error',
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  return {
    app,
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
