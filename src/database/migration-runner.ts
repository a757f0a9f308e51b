import { DataSource } from 'typeorm';

const LOCK_NAME = 'protection_flow_engine_migrations';
const LOCK_TIMEOUT_SECONDS = 120;

/**
 * Runs pending migrations. On MySQL the run holds a named lock (GET_LOCK) on one connection, so
 * replicas booting together migrate one at a time; the later ones find nothing pending.
 * SQLite is single-process and needs no lock.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type === 'better-sqlite3') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const rows = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [LOCK_NAME, LOCK_TIMEOUT_SECONDS])) as Array<{
      acquired: number | string | null;
    }>;
    if (Number(rows[0]?.acquired) !== 1) {
      throw new Error(`Could not take the migration lock within ${LOCK_TIMEOUT_SECONDS}s (another engine is migrating?)`);
    }
    try {
      // MySQL DDL is not transactional; 'each' still wraps each migration's DML.
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
