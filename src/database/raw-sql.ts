import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { sqlTimestamp } from './dialect';
import { retryingDeadlocks } from './transactions';

/** A value as a raw statement's parameter: dates as the dialect stores them, JSON as text, booleans as 0/1. */
export function toSqlValue(value: unknown): unknown {
  if (value instanceof Date) return sqlTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

/** The part of mysql2's pool (the one TypeORM made) that a statement needs. */
interface MysqlPool {
  query(sql: string, values: unknown[], callback: (err: Error | null, result: unknown) => void): void;
}

/**
 * Plain SQL for the hot paths (job transitions, batched inserts): TypeORM's query builder costs
 * more CPU than the statements themselves there. Repositories own the SQL; this only runs it.
 * Column and table names come from the repositories, never from callers.
 */
@Injectable()
export class RawSql {
  /** MySQL: statements outside a transaction go straight to the driver's pool (the ORM's query runner cost more CPU than some statements). */
  private readonly pool?: MysqlPool;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.pool =
      dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? (dataSource.driver as unknown as { pool?: MysqlPool }).pool : undefined;
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
function viaPool(pool: MysqlPool, sql: string, values: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    pool.query(sql, values, (err, result) => (err ? reject(new QueryFailedError(sql, values, err)) : resolve(result)));
  });
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
