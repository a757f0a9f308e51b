import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export const DEFAULT_TEST_DATABASE_URL = 'mysql://root@127.0.0.1:3306/test';

/** The server part of TEST_DATABASE_URL with a fresh database name, unique to this test file. */
export function uniqueMysqlUrl(base = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL): string {
  const url = new URL(base);
  const stem = url.pathname.replace(/^\//, '') || 'test';
  url.pathname = `/${stem}_pfe_${process.pid}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export function uniqueSqlitePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'pfe-test-')), 'engine.sqlite');
}

function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, '');
}

async function onServer<T>(url: string, run: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const server = new URL(url);
  server.pathname = '/';
  const connection = await createConnection({ uri: server.toString() });
  try {
    return await run((sql) => connection.query(sql));
  } finally {
    await connection.end();
  }
}

/** Creates the test file's own database (MariaDB) — SQLite files create themselves. */
export async function createTestDatabase(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  await onServer(url, (query) => query(`CREATE DATABASE IF NOT EXISTS \`${databaseName(url)}\``));
}

export async function dropTestDatabase(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await onServer(url, (query) => query(`DROP DATABASE IF EXISTS \`${databaseName(url)}\``));
  } else if (process.env.SQLITE_PATH) {
    rmSync(join(process.env.SQLITE_PATH, '..'), { recursive: true, force: true });
  }
}

/** The variables that point an engine process at this test file's database. */
export function engineDatabaseEnv(): Record<string, string> {
  return process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { SQLITE_PATH: process.env.SQLITE_PATH ?? '' };
}
