import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { sqlTimestamp } from './dialect';
import { retryingDeadlocks } from './transactions';

/** A value as a raw statement's parameter: dates as the dialect stores them, JSON as text, booleans as 0/1. */
export function toSqlValue(value: unknown): unknown {
  if (value instanceof Date) return sqlTimestamp(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value ?? null;
}

/**
 * Plain SQL for the hot paths (job transitions, batched inserts): TypeORM's query builder costs
 * more CPU than the statements themselves there. Repositories own the SQL; this only runs it.
 * Column and table names come from the repositories, never from callers.
 */
@Injectable()
export class RawSql {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs a write (inside the manager's transaction when given); returns the number of rows it changed. */
  execute(sql: string, params: unknown[], manager?: EntityManager): Promise<number> {
    const values = params.map(toSqlValue);
    const inTransaction = manager?.queryRunner;
    if (inTransaction) return inTransaction.query(sql, values, true).then((result: { affected?: number }) => result.affected ?? 0);
    // One autocommit statement: safe to run again when it lost a deadlock (a transaction retries whole).
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

  /** One multi-row INSERT (callers keep batches to a few hundred rows). */
  async insert(table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await this.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flat());
  }
}

/** `?, ?, ?` for an IN list. */
export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
