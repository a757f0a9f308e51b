import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { BackupApi, BackupRecord } from '../../backup-client/backup-api.port';
import { notFound } from '../../common/api-error';
import { AppConfig } from '../../config/app-config';
import { DomainEvents } from '../../events/domain-events';
import { DispatchBoard, DispatchJob } from './dispatch-board';
import { FlowDispatcher } from './flow-dispatcher.service';
import { JobStatus } from '../execution-job.entity';
import { ExecutionLog } from '../execution-log';
import { JobProgress, JobRepository } from '../job.repository';
import { describeError } from '../../common/describe-error';

/** What the engine learns about a backup, from a poll or a telemetry push. */
export interface ProgressUpdate {
  status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  bytes_transferred?: number | null;
  total_bytes?: number | null;
  progress_percent?: number | null;
  current_phase?: string | null;
  error_message?: string | null;
}

/** A followed job: which run it belongs to, and the job. */
interface Followed {
  executionId: string;
  flowId: string;
  job: DispatchJob;
}

const GET_CONCURRENCY = 16;
/** A job's progress is announced (job.updated) at most this often; its status changes always are. */
const PROGRESS_EVENT_EVERY_MS = 2000;
const MILESTONES = [25, 50, 75];
const ENDED = new Set(['completed', 'failed', 'cancelled']);

/**
 * Follows started backups to their end: one list call per interval for every job this replica
 * follows (a GET only for jobs missing from it), telemetry pushes as they come, and a failure for
 * a job with no news for JOB_STALE_TIMEOUT_MS. Each job's end is reported through one call.
 */
@Injectable()
export class JobTracker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobTracker');
  private readonly lastSeen = new Map<string, JobProgress>();
  private readonly lastAnnounced = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: FlowDispatcher,
    private readonly board: DispatchBoard,
    private readonly jobs: JobRepository,
    private readonly api: BackupApi,
    private readonly log: ExecutionLog,
    private readonly events: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pollOnce(), this.config.JOB_POLL_INTERVAL_MS);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One round: a list of running backups, a GET for each followed job not in it, then the stale check. */
  async pollOnce(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const followed = this.board.followed();
      if (followed.length > 0) await this.poll(followed);
      await this.failStale(Date.now());
    } catch (err) {
      this.logger.error({ msg: 'poll round failed', error: describeError(err) });
    } finally {
      this.polling = false;
    }
  }

  private async poll(followed: Followed[]): Promise<void> {
    let running: Map<string, BackupRecord>;
    try {
      running = new Map((await this.api.listRunning()).map((b) => [b.backup_id, b]));
    } catch {
      return; // no news; the stale check decides when silence becomes failure
    }
    const listed = followed.filter((item) => running.has(item.job.backupJobId ?? ''));
    const missing = followed.filter((item) => !running.has(item.job.backupJobId ?? ''));
    await inBatches(listed, GET_CONCURRENCY, (item) => this.apply(item, running.get(item.job.backupJobId ?? '') as BackupRecord).then(() => undefined));
    await inBatches(missing, GET_CONCURRENCY, async (item) => {
      const record = await this.api.get(item.job.backupJobId ?? '').catch(() => null);
      if (record) await this.apply(item, record);
    });
  }

  /** POST /telemetry/{type}/{backup id}: 404 when no job has that backup id. */
  async telemetry(backupId: string, update: ProgressUpdate): Promise<{ job_id: string; status: JobStatus }> {
    const local = this.board.byBackupId(backupId);
    if (local) return { job_id: local.job.id, status: await this.apply(local, update) };
    // A job another replica drives (or none): the row is updated here; its owner's poll settles it.
    const row = await this.jobs.byBackupId(backupId);
    if (!row) throw notFound('Backup job', backupId);
    if (row.status !== 'running') return { job_id: row.id, status: row.status };
    if (ENDED.has(update.status)) {
      const ended = await this.jobs.transition(row.id, ['running'], update.status as JobStatus, endColumns(update));
      return { job_id: row.id, status: ended ? (update.status as JobStatus) : row.status };
    }
    await this.jobs.recordProgress(row.id, progressOf(update), new Date());
    return { job_id: row.id, status: 'running' };
  }

  /** Applies an update to a followed job; returns the job's status afterwards. */
  private async apply(item: Followed, update: ProgressUpdate): Promise<JobStatus> {
    const { job } = item;
    if (ENDED.has(update.status)) {
      const status = update.status as 'completed' | 'failed' | 'cancelled';
      const written = this.jobs.transition(job.id, ['running'], status, endColumns(update));
      this.dispatcher.jobEnded(item.executionId, job.id, status, written);
      this.lastSeen.delete(job.id);
      this.lastAnnounced.delete(job.id);
      if (await written.catch(() => false)) {
        this.logEnd(item, update);
        this.announce(item, status, update);
      }
      return status;
    }
    const progress = progressOf(update);
    const before = this.lastSeen.get(job.id) ?? {};
    if (!changed(before, progress)) return 'running';
    job.lastNewsAt = Date.now();
    this.lastSeen.set(job.id, { ...before, ...progress });
    await this.jobs.recordProgress(job.id, progress, new Date(job.lastNewsAt));
    const reached = MILESTONES.find((m) => (before.progress_percent ?? 0) < m && (progress.progress_percent ?? 0) >= m);
    if (reached) this.log.info(ref(item), 'progress', `${job.vmName} at ${reached}%`, { vm_name: job.vmName, progress_percent: progress.progress_percent });
    if (job.lastNewsAt - (this.lastAnnounced.get(job.id) ?? 0) >= PROGRESS_EVENT_EVERY_MS) {
      this.lastAnnounced.set(job.id, job.lastNewsAt);
      this.announce(item, 'running', update);
    }
    return 'running';
  }

  private announce(item: Followed, status: string, update: ProgressUpdate): void {
    const payload = {
      execution_id: item.executionId,
      flow_id: item.flowId,
      job_id: item.job.id,
      vm_name: item.job.vmName,
      status,
      progress_percent: status === 'completed' ? 100 : update.progress_percent,
      bytes_transferred: update.bytes_transferred,
      ...(update.error_message ? { error_message: update.error_message } : {}),
    };
    this.events.emit('job.updated', payload).catch((err: unknown) => this.logger.warn({ msg: 'could not publish job.updated', error: String(err) }));
  }

  private logEnd(item: Followed, update: ProgressUpdate): void {
    const name = item.job.vmName;
    if (update.status === 'completed') {
      this.log.info(ref(item), 'completed', `Backup of ${name} completed`, { vm_name: name, bytes_transferred: update.bytes_transferred });
    } else {
      this.log.error(ref(item), update.status, `Backup of ${name} ${update.status}: ${update.error_message ?? 'no reason given'}`, { vm_name: name });
    }
  }

  private async failStale(now: number): Promise<void> {
    const timeout = this.config.JOB_STALE_TIMEOUT_MS;
    for (const item of this.board.followed()) {
      if (now - item.job.lastNewsAt < timeout) continue;
      await this.apply(item, { status: 'failed', error_message: `no progress reported for ${describeDuration(timeout)}` });
    }
  }
}

function ref(item: Followed): { id: string; flow_id: string } {
  return { id: item.executionId, flow_id: item.flowId };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function describeDuration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} seconds`;
}

function progressOf(update: ProgressUpdate): JobProgress {
  const columns: JobProgress = {};
  if (typeof update.bytes_transferred === 'number') columns.bytes_transferred = update.bytes_transferred;
  if (typeof update.total_bytes === 'number') columns.total_bytes = update.total_bytes;
  if (typeof update.progress_percent === 'number') columns.progress_percent = update.progress_percent;
  if (update.current_phase) columns.current_phase = update.current_phase;
  return columns;
}

function endColumns(update: ProgressUpdate): JobProgress & { error_message: string | null; completed_at: Date } {
  return {
    ...progressOf(update),
    ...(update.status === 'completed' ? { progress_percent: 100 } : {}),
    error_message: update.status === 'completed' ? null : (update.error_message ?? `backup ${update.status}`),
    completed_at: new Date(),
  };
}

function changed(before: JobProgress, next: JobProgress): boolean {
  return (Object.keys(next) as Array<keyof JobProgress>).some((key) => next[key] !== before[key]);
}
