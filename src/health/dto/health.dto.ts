import { ApiProperty } from '@nestjs/swagger';

export class SchedulerState {
  /** starting: CronJobs are still being registered; disabled: SCHEDULER_ENABLED=false. */
  @ApiProperty({ enum: ['running', 'starting', 'disabled'], enumName: 'SchedulerRunState' })
  state!: 'running' | 'starting' | 'disabled';
  /** Flows with a CronJob on this replica. */
  cron_jobs!: number;
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
