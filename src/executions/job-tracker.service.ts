import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BackupApi, BackupRecord } from '../backup-client/backup-api.port';
import { notFound } from '../common/api-error';
import { AppConfig } from '../config/app-config';
import { ExecutionJobEntity, JobStatus } from './execution-job.entity';
import { ExecutionLog } from './execution-log';
import { ExecutionRecords, TERMINAL_JOB_STATUSES } from './execution-records';
import { ExecutionRuns } from './execution-runs';
import { FlowDispatcher } from './flow-dispatcher.service';

/** What the engine learns about a backup, from a poll or a telemetry push. */
export interface ProgressUpdate {
  status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  bytes_transferred?: number | null;
  total_bytes?: number | null;
  progress_percent?: number | null;
  current_phase?: string | null;
  error_message?: string | null;
}

const POLL_CONCURRENCY = 16;
const MILESTONES = [25, 50, 75];

/** Runs `work` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Follows started backups to their end: polls the backup API (bounded concurrency), accepts
 * telemetry pushes, and fails a job that has had no news for JOB_STALE_TIMEOUT_MS.
 */
@Injectable()
export class JobTracker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobTracker');
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly config: AppConfig,
    private readonly records: ExecutionRecords,
    private readonly runs: ExecutionRuns,
    private readonly api: BackupApi,
    private readonly log: ExecutionLog,
    private readonly dispatcher: FlowDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pollOnce(), this.config.JOB_POLL_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One round: settle jobs that ended elsewhere, poll running ones, fail stale ones. */
  async pollOnce(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const inFlight = this.runs.all().flatMap((run) => [...run.inFlight.keys()]);
      const rows = await this.records.jobsByIds(inFlight);
      for (const job of rows.filter((j) => TERMINAL_JOB_STATUSES.includes(j.status))) this.dispatcher.settle(job.execution_id, job.id, job.status);
      const running = rows.filter((j) => j.status === 'running' && j.backup_job_id);
      await inBatches(running, POLL_CONCURRENCY, (job) => this.poll(job));
      await this.failStale();
    } catch (err) {
      this.logger.error({ msg: 'poll round failed', error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.polling = false;
    }
  }

  /** POST /telemetry/{type}/{backup id}: 404 when no job has that backup id. */
  async telemetry(backupId: string, update: ProgressUpdate): Promise<{ job_id: string; status: JobStatus }> {
    const local = this.runs.inFlightByBackupId(backupId);
    const job = local ?? (await this.records.jobByBackupId(backupId));
    if (!job) throw notFound('Backup job', backupId);
    // A job in flight here is running (it has a backup id); apply() is guarded by the row's status anyway.
    const status = local || job.status === 'running' ? await this.apply(job, update) : job.status;
    return { job_id: job.id, status };
  }

  private async poll(job: ExecutionJobEntity): Promise<void> {
    let record: BackupRecord | null;
    try {
      record = await this.api.get(job.backup_job_id as string);
    } catch {
      return; // no news; the stale check decides when silence becomes failure
    }
    if (record) await this.apply(job, record);
  }

  /** Applies an update to a running job; returns the job's status afterwards. */
  async apply(job: ExecutionJobEntity, update: ProgressUpdate): Promise<JobStatus> {
    const ref = { id: job.execution_id, flow_id: '' };
    if (update.status === 'completed' || update.status === 'failed' || update.status === 'cancelled') {
      // A completed job frees its slot at once, while its row is written: the next VM starts
      // meanwhile. (A failed one waits for the row: a retry re-queues it from there.)
      if (update.status === 'completed') this.dispatcher.freeSlot(job.execution_id, job.id);
      const ended = await this.records.transitionJob(job.id, ['running'], update.status, {
        ...progressColumns(update),
        ...(update.status === 'completed' ? { progress_percent: 100 } : {}),
        error_message: update.status === 'completed' ? null : (update.error_message ?? `backup ${update.status}`),
        completed_at: new Date(),
      });
      if (!ended) {
        const current = await this.records.jobById(job.id);
        if (!current || TERMINAL_JOB_STATUSES.includes(current.status)) this.dispatcher.settle(job.execution_id, job.id, current?.status);
        return current?.status ?? job.status;
      }
      const flowRef = { ...ref, flow_id: await this.flowIdOf(job) };
      if (update.status === 'completed')
        this.log.info(flowRef, 'completed', `Backup of ${job.vm_name} completed`, { vm_name: job.vm_name, bytes_transferred: update.bytes_transferred });
      else
        this.log.error(flowRef, update.status, `Backup of ${job.vm_name} ${update.status}: ${update.error_message ?? 'no reason given'}`, {
          vm_name: job.vm_name,
        });
      this.dispatcher.settle(job.execution_id, job.id, update.status);
      return update.status;
    }
    if (changed(job, update)) {
      const reached = MILESTONES.find((m) => (job.progress_percent ?? 0) < m && (update.progress_percent ?? 0) >= m);
      await this.records.updateJob(job.id, { ...progressColumns(update), last_update_at: new Date() });
      Object.assign(job, progressColumns(update));
      if (reached)
        this.log.info({ ...ref, flow_id: await this.flowIdOf(job) }, 'progress', `${job.vm_name} at ${reached}%`, {
          vm_name: job.vm_name,
          progress_percent: update.progress_percent,
        });
    }
    return 'running';
  }

  private async failStale(): Promise<void> {
    const timeout = this.config.JOB_STALE_TIMEOUT_MS;
    const stale = await this.records.staleJobs(this.runs.ids(), new Date(Date.now() - timeout));
    for (const job of stale) {
      await this.apply(job, { status: 'failed', error_message: `no progress reported for ${describeDuration(timeout)}` });
    }
  }

  private async flowIdOf(job: ExecutionJobEntity): Promise<string> {
    return this.runs.get(job.execution_id)?.execution.flow_id ?? (await this.records.executions.findOneBy({ id: job.execution_id }))?.flow_id ?? '';
  }
}

function describeDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

function progressColumns(update: ProgressUpdate): Partial<ExecutionJobEntity> {
  const columns: Partial<ExecutionJobEntity> = {};
  if (typeof update.bytes_transferred === 'number') columns.bytes_transferred = update.bytes_transferred;
  if (typeof update.total_bytes === 'number') columns.total_bytes = update.total_bytes;
  if (typeof update.progress_percent === 'number') columns.progress_percent = update.progress_percent;
  if (update.current_phase) columns.current_phase = update.current_phase;
  return columns;
}

function changed(job: ExecutionJobEntity, update: ProgressUpdate): boolean {
  const next = progressColumns(update);
  return (Object.keys(next) as Array<keyof typeof next>).some((key) => next[key] !== job[key]);
}
