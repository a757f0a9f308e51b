import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isDeadlock } from './db-errors';

const DEADLOCK_ATTEMPTS = 4;

/**
 * Runs `work` again when the database chose it as a deadlock's victim: InnoDB rolls the victim
 * back whole, and retrying is its documented remedy. Only for work that is nothing but database
 * statements (a transaction, or one autocommit statement).
 */
export async function retryingDeadlocks<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/**
 * Runs work in a database transaction, again if it lost a deadlock. TypeORM's SQLite driver shares
 * one connection, so two transactions started at once would collide; there they are queued.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') return retryingDeadlocks(() => this.dataSource.transaction(work));
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** The lock option for `SELECT … FOR UPDATE` (SQLite has none: its transactions already run one at a time). */
  get forUpdate(): { mode: 'pessimistic_write' } | undefined {
    return this.dataSource.options.type === 'better-sqlite3' ? undefined : { mode: 'pessimistic_write' };
  }
}
