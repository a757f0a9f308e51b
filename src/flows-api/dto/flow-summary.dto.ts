export class FlowSummaryResponse {
  total_flows!: number;
  enabled_flows!: number;
  disabled_flows!: number;
  backup_flows!: number;
  replication_flows!: number;
  running_executions!: number;
  /** Executions created since 00:00 UTC today. */
  total_executions_today!: number;
  /** Of those, the ones that ended `success`. */
  successful_executions_today!: number;
  /** Of those, the ones that ended `error` or `warning` (some VM not backed up) — the same rule as a flow's failed_executions. Cancelled runs count as neither. */
  failed_executions_today!: number;
  /** Scheduled occurrences skipped (overlap, disabled) or missed since 00:00 UTC. */
  skipped_runs_today!: number;
}
