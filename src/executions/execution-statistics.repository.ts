import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql';

/** The aggregate reads over executions: each flow's last success (plain SQL: /metrics asks often). */
@Injectable()
export class ExecutionStatisticsRepository {
  constructor(private readonly sql: RawSql) {}

  /** Each flow's latest successful run. */
  async lastSuccessByFlow(): Promise<Map<string, Date>> {
    const rows = await this.sql.select("SELECT flow_id, MAX(completed_at) AS at FROM protection_flow_executions WHERE status = 'success' GROUP BY flow_id", []);
    return new Map(rows.map((r) => [String(r.flow_id), asDate(r.at)]));
  }
}

/** A timestamp as a driver returns it: a Date (MariaDB) or 'YYYY-MM-DD HH:MM:SS.mmm' in UTC (SQLite). */
function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(`${text.replace(' ', 'T')}${/Z$/.test(text) ? '' : 'Z'}`);
}
