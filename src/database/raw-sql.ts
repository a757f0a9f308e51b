import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPool } from 'mysql2';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { MYSQL_VALUES } from './data-source-options';
import { sqlTimestamp } from './dialect';
import { retryingDeadlocks } from './transactions';

/** A value as a raw statement's parameter: dates as the dialect stores them, JSON as text, booleans as 0/1. */
export function toSqlValue(value: unknown): unknown {
  if (value instanceof Date) return sqlTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

/** Connections of RawSql's own pool: statements outside transactions on the hot paths. */
const RAW_POOL_CONNECTIONS = 10;

/** What RawSql needs of mysql2's Pool (tests give one that answers from a script). */
export interface StatementPool {
  query(sql: string, values: unknown[], callback: (err: Error | null, result: unknown) => void): void;
  end?(callback: () => void): void;
}

/** Injection token for a StatementPool instead of the one RawSql makes. */
export const RAW_SQL_POOL = Symbol('RAW_SQL_POOL');

/**
 * Plain SQL for the hot paths (job transitions, batched inserts): TypeORM's query builder costs
 * more CPU than the statements themselves there. Repositories own the SQL; this only runs it.
 * Column and table names come from the repositories, never from callers.
 */
@Injectable()
export class RawSql implements OnApplicationShutdown {
  /**
   * MySQL: statements outside a transaction go to a mysql2 pool of RawSql's own, made with mysql2's
   * createPool from the same URL and value settings as TypeORM's (the ORM's query runner cost more
   * CPU than some statements). SQLite, and statements inside a transaction, go through TypeORM.
   */
  private readonly pool?: StatementPool;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(RAW_SQL_POOL) pool?: StatementPool,
  ) {
    const options = dataSource.options;
    if (pool) this.pool = pool;
    else if ((options.type === 'mysql' || options.type === 'mariadb') && options.url) {
      this.pool = createPool({ uri: options.url, ...MYSQL_VALUES, connectionLimit: RAW_POOL_CONNECTIONS });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    if (pool?.end) await new Promise<void>((resolve) => pool.end?.(() => resolve()));
  }

  /** Runs a write (inside the manager's transaction when given); returns the number of rows it changed. */
  execute(sql: string, params: unknown[], manager?: EntityManager): Promise<number> {
    const values = params.map(toSqlValue);
    const inTransaction = manager?.queryRunner;
    if (inTransaction) return inTransaction.query(sql, values, true).then((result: { affected?: number }) => result.affected ?? 0);
    // One autocommit statement: safe to run again when it lost a deadlock (a transaction retries whole).
    const pool = this.pool;
    if (pool) return retryingDeadlocks(async () => ((await viaPool(pool, sql, values)) as { affectedRows?: number }).affectedRows ?? 0);
    return retryingDeadlocks(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        const result = await runner.query(sql, values, true);
        return result.affected ?? 0;
      } finally {
        await runner.release();
      }
    });
  }

  /** Runs a read (inside the manager's transaction when given); rows as the driver gives them (hydrate() turns one into an entity). */
  async select(sql: string, params: unknown[], manager?: EntityManager): Promise<Array<Record<string, unknown>>> {
    if (!manager && this.pool) return (await viaPool(this.pool, sql, params.map(toSqlValue))) as Array<Record<string, unknown>>;
    return (manager ?? this.dataSource).query<Array<Record<string, unknown>>>(sql, params.map(toSqlValue));
  }

  /** An entity from a raw row: every column converted as the ORM would (dates, booleans, JSON, transformers). */
  hydrate<T extends object>(target: new () => T, row: Record<string, unknown>): T {
    const metadata = this.dataSource.getMetadata(target);
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      column.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  }

  /** `UPDATE table SET a = ?, b = ? WHERE <where>`: the set columns come from `patch`'s keys. */
  update(table: string, patch: Record<string, unknown>, where: string, whereParams: unknown[], manager?: EntityManager): Promise<number> {
    const columns = Object.keys(patch).filter((key) => patch[key] !== undefined);
    const sql = `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${where}`;
    return this.execute(sql, [...columns.map((c) => patch[c]), ...whereParams], manager);
  }

  /** One multi-row INSERT (callers keep batches to a few hundred rows), inside the manager's transaction when given. */
  async insert(table: string, columns: readonly string[], rows: unknown[][], manager?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await this.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flat(), manager);
  }
}

/** A statement on the pool; a failure is a QueryFailedError, as the ORM reports it (db-errors reads those). */
function viaPool(pool: StatementPool, sql: string, values: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    pool.query(sql, values, (err, result) => (err ? reject(new QueryFailedError(sql, values, err)) : resolve(result)));
  });
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
