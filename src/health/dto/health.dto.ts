import { ApiProperty } from '@nestjs/swagger';

export class SchedulerState {
  /** starting: CronJobs are still being registered; disabled: SCHEDULER_ENABLED=false. */
  @ApiProperty({ enum: ['running', 'starting', 'disabled'], enumName: 'SchedulerRunState' })
  state!: 'running' | 'starting' | 'disabled';
  /** Flows with a CronJob on this replica. */
  cron_jobs!: number;
  /** Shares of the schedule this replica holds (of SCHEDULER_SHARES; the replicas together hold each once). */
  shares_held!: number;
}

export class HealthReport {
  @ApiProperty({ enum: ['ok', 'error'], enumName: 'HealthStatus' })
  status!: 'ok' | 'error';

  @ApiProperty({ enum: ['up', 'down'], enumName: 'ComponentState' })
  database!: 'up' | 'down';

  /** mysql, mariadb or better-sqlite3. */
  database_type!: string;

  scheduler!: SchedulerState;

  /** Why the database is considered down, when it is. */
  error?: string;
}

export class LivenessReport {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
  /** Seconds since the process started. */
  uptime_seconds!: number;
}

/** One readiness check: whether it passes, and what it found. */
export class ReadinessCheck {
  ok!: boolean;
  /** What was found (e.g. "demo mode: the built-in simulator at …"), or why the check fails. */
  detail!: string;
}

export class ReadinessChecks {
  database!: ReadinessCheck;
  migrations!: ReadinessCheck;
  backup_api!: ReadinessCheck;
  scheduler!: ReadinessCheck;
  /** The appliance's catalog (CATALOG_SOURCE=appliance): fails while the latest sync failed. */
  catalog_sync!: ReadinessCheck;
}

export class ReadinessReport {
  @ApiProperty({ enum: ['ready', 'not_ready'], enumName: 'ReadinessStatus' })
  status!: 'ready' | 'not_ready';
  /** The names of the checks that fail. */
  failing!: string[];
  checks!: ReadinessChecks;
}
