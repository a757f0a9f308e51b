import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql';

export interface FlowSummaryCounts {
  total_flows: number;
  enabled_flows: number;
  backup_flows: number;
  running_executions: number;
  total_executions_today: number;
  successful_executions_today: number;
  failed_executions_today: number;
  skipped_runs_today: number;
}

/** Occurrences that did not run: skipped (overlap, disabled) or missed. */
const NOT_RUN = "('skipped_overlap', 'skipped_disabled', 'missed')";

const SUMMARY_SQL = `SELECT
  (SELECT COUNT(*) FROM protection_flows) AS total_flows,
  (SELECT COUNT(*) FROM protection_flows WHERE enabled = 1) AS enabled_flows,
  (SELECT COUNT(*) FROM protection_flows WHERE flow_type = 'backup') AS backup_flows,
  (SELECT COUNT(*) FROM protection_flow_executions WHERE status = 'running') AS running_executions,
  (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ?) AS total_executions_today,
  (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ? AND status = 'success') AS successful_executions_today,
  (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ? AND status IN ('error', 'warning')) AS failed_executions_today,
  (SELECT COUNT(*) FROM schedule_executions WHERE scheduled_at >= ? AND outcome IN ${NOT_RUN}) AS skipped_runs_today`;

/**
 * The flows summary's counts in one statement. A read model over tables of three modules (flows,
 * executions, scheduler), like FlowReadRepository: the summary is read on every dashboard refresh,
 * and one round trip instead of three is what keeps it near the database's own speed. It only reads.
 */
@Injectable()
export class FlowSummaryRepository {
  constructor(private readonly sql: RawSql) {}

  /** "Today" starts at `since`; a warning counts as failed. */
  async countsSince(since: Date): Promise<FlowSummaryCounts> {
    const [row] = await this.sql.select(SUMMARY_SQL, [since, since, since, since]);
    const counts = {} as FlowSummaryCounts;
    for (const key of Object.keys(row ?? {}) as Array<keyof FlowSummaryCounts>) counts[key] = Number(row?.[key] ?? 0);
    return counts;
  }
}
