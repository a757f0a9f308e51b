import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSourceOptions } from 'typeorm';

export interface StorageSettings {
  DATABASE_URL?: string;
  SQLITE_PATH: string;
}

export const MIGRATIONS_TABLE = 'schema_migrations';

/** The tables and their history: given by the composition root (src/app.schema.ts). */
export interface DatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/** How values cross the mysql2 connection, for TypeORM's pool and RawSql's alike (so both hydrate the same). */
export const MYSQL_VALUES = { timezone: 'Z', dateStrings: false, supportBigNumbers: true, bigNumberStrings: true, charset: 'utf8mb4_unicode_ci' } as const;

export type MysqlFlavour = 'mysql' | 'mariadb';

/**
 * TypeORM reads MariaDB's schema correctly (JSON as LONGTEXT, quoted NULL defaults) only when told
 * it is MariaDB, so a mysql:// URL is probed once to learn which server answers.
 */
export async function detectMysqlFlavour(url: string): Promise<MysqlFlavour> {
  const connection = await createConnection({ uri: url, connectTimeout: 10_000 });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0]?.version ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** One TypeORM configuration, used by the app, the migration CLI and the tests. */
export async function resolveDataSourceOptions(settings: StorageSettings, schema: DatabaseSchema): Promise<DataSourceOptions> {
  const flavour = settings.DATABASE_URL ? await detectMysqlFlavour(settings.DATABASE_URL) : 'mysql';
  return buildDataSourceOptions(settings, schema, flavour);
}

export function buildDataSourceOptions(settings: StorageSettings, schema: DatabaseSchema, flavour: MysqlFlavour = 'mysql'): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (settings.DATABASE_URL) {
    return { ...common, type: flavour, url: settings.DATABASE_URL, ...MYSQL_VALUES, extra: { connectionLimit: 20 } };
  }
  const file = resolve(settings.SQLITE_PATH);
  mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL lets the API read while a write is in progress; foreign keys are off by default in SQLite.
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
