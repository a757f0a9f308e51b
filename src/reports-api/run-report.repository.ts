import { Injectable } from '@nestjs/common';
import { quarterHourOf } from '../database/dialect';
import { RawSql } from '../database/raw-sql';

export interface QuarterRow {
  quarter: string;
  status: string;
  runs: number;
  bytes: number;
  completed: number;
  failed: number;
}

export interface FlowDurationRow {
  flow_id: string;
  flow_name: string | null;
  runs: number;
  average: number;
  longest: number;
  seconds: number;
  bytes: number;
}

const ENDED = "('success', 'warning', 'error', 'cancelled')";

/**
 * The run report's aggregates, computed by the database: runs by quarter hour and status, and run
 * times per flow. A read model over the executions and flows tables (reads only).
 */
@Injectable()
export class RunReportRepository {
  constructor(private readonly sql: RawSql) {}

  async byQuarterHour(from: Date, to: Date): Promise<QuarterRow[]> {
    const quarter = quarterHourOf('created_at');
    const rows = await this.sql.select(
      `SELECT ${quarter} AS quarter, status, COUNT(*) AS runs, SUM(bytes_transferred) AS bytes,
        SUM(jobs_completed) AS completed, SUM(jobs_failed) AS failed
       FROM protection_flow_executions WHERE created_at >= ? AND created_at < ? GROUP BY ${quarter}, status`,
      [from, to],
    );
    return rows.map((row) => ({
      quarter: String(row.quarter),
      status: String(row.status),
      runs: Number(row.runs),
      bytes: Number(row.bytes ?? 0),
      completed: Number(row.completed ?? 0),
      failed: Number(row.failed ?? 0),
    }));
  }

  async durationsByFlow(from: Date, to: Date, limit: number): Promise<FlowDurationRow[]> {
    const rows = await this.sql.select(
      `SELECT e.flow_id, MAX(f.name) AS flow_name, COUNT(*) AS runs, AVG(e.execution_time_seconds) AS average,
        MAX(e.execution_time_seconds) AS longest, SUM(e.execution_time_seconds) AS seconds, SUM(e.bytes_transferred) AS bytes
       FROM protection_flow_executions e LEFT JOIN protection_flows f ON f.id = e.flow_id
       WHERE e.created_at >= ? AND e.created_at < ? AND e.status IN ${ENDED} AND e.execution_time_seconds IS NOT NULL
       GROUP BY e.flow_id ORDER BY average DESC, e.flow_id LIMIT ?`,
      [from, to, limit],
    );
    return rows.map((row) => ({
      flow_id: String(row.flow_id),
      flow_name: typeof row.flow_name === 'string' ? row.flow_name : null,
      runs: Number(row.runs),
      average: Number(row.average ?? 0),
      longest: Number(row.longest ?? 0),
      seconds: Number(row.seconds ?? 0),
      bytes: Number(row.bytes ?? 0),
    }));
  }
}
