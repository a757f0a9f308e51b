import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql';

export interface ExecutionCounts {
  running: number;
  total_today: number;
  successful_today: number;
  failed_today: number;
}

/** The aggregate reads over executions: the summary's counts and each flow's last success (plain SQL: dashboards and /metrics ask often). */
@Injectable()
export class ExecutionStatisticsRepository {
  constructor(private readonly sql: RawSql) {}

  /** Run counts since `since`, in one statement; a warning counts as failed (see countsAsFailed). */
  async countsSince(since: Date): Promise<ExecutionCounts> {
    const [row] = await this.sql.select(
      `SELECT SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running,
        SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) AS total_today,
        SUM(CASE WHEN created_at >= ? AND status = 'success' THEN 1 ELSE 0 END) AS successful_today,
        SUM(CASE WHEN created_at >= ? AND status IN ('error', 'warning') THEN 1 ELSE 0 END) AS failed_today
        FROM protection_flow_executions`,
      [since, since, since],
    );
    const n = (key: keyof ExecutionCounts) => Number(row?.[key] ?? 0);
    return { running: n('running'), total_today: n('total_today'), successful_today: n('successful_today'), failed_today: n('failed_today') };
  }

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
