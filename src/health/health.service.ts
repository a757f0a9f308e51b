import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FlowScheduler } from '../scheduler/flow-scheduler.service';
import { HealthReport, SchedulerState } from './dto/health.dto';
import { withTimeout } from './with-timeout';
import { describeError } from '../common/describe-error';

const PROBE_TIMEOUT_MS = 3000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: FlowScheduler,
  ) {}

  async check(): Promise<HealthReport> {
    const database_type = this.dataSource.options.type;
    const scheduler = this.schedulerState();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return { status: 'ok', database: 'up', database_type, scheduler };
    } catch (err) {
      return { status: 'error', database: 'down', database_type, scheduler, error: describeError(err) };
    }
  }

  private schedulerState(): SchedulerState {
    if (!this.scheduler.enabled) return { state: 'disabled', cron_jobs: 0, shares_held: 0 };
    return { state: this.scheduler.readyAt ? 'running' : 'starting', cron_jobs: this.scheduler.registeredCount, shares_held: this.scheduler.sharesHeld };
  }
}
