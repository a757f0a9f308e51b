import { DataSource } from 'typeorm';
import { isUniqueViolation } from './db-errors';
import { RawSql } from './raw-sql';

type Callback = (err: Error | null, result: unknown) => void;

/** A MySQL data source whose pool answers from a script of results and driver errors. */
function mysqlWith(answers: unknown[]): { sql: RawSql; statements: Array<{ sql: string; values: unknown[] }> } {
  const statements: Array<{ sql: string; values: unknown[] }> = [];
  const pool = {
    query: (sql: string, values: unknown[], callback: Callback) => {
      statements.push({ sql, values });
      const answer = answers.shift();
      setImmediate(() => (answer instanceof Error ? callback(answer, undefined) : callback(null, answer)));
    },
  };
  const dataSource = { options: { type: 'mariadb' } } as unknown as DataSource;
  return { sql: new RawSql(dataSource, pool), statements };
}

const driverError = (code: string) => Object.assign(new Error(code), { code });

describe('RawSql on MySQL, outside a transaction', () => {
  it('runs a statement on the pool with SQL-ready values, again when it lost a deadlock, and returns the rows it changed', async () => {
    const { sql, statements } = mysqlWith([driverError('ER_LOCK_DEADLOCK'), { affectedRows: 1 }]);
    const changed = await sql.update('jobs', { status: 'running', ok: true, at: new Date('2026-11-30T08:00:00Z') }, 'id = ?', ['j-1']);
    expect(changed).toBe(1);
    expect(statements).toHaveLength(2);
    expect(statements[1]).toEqual({ sql: 'UPDATE jobs SET status = ?, ok = ?, at = ? WHERE id = ?', values: ['running', 1, expect.any(String), 'j-1'] });
  });

  it('reports a driver failure as the ORM does, so the error mapping (409, 503) still recognises it', async () => {
    const { sql } = mysqlWith([driverError('ER_DUP_ENTRY')]);
    const failure: unknown = await sql.execute('INSERT INTO t (a) VALUES (?)', [1]).catch((err: unknown) => err);
    expect(isUniqueViolation(failure)).toBe(true);
  });

  it('returns a read’s rows as the driver gives them', async () => {
    const { sql } = mysqlWith([[{ id: 'f-1', name: 'nightly' }]]);
    expect(await sql.select('SELECT id, name FROM protection_flows WHERE id = ?', ['f-1'])).toEqual([{ id: 'f-1', name: 'nightly' }]);
  });
});
