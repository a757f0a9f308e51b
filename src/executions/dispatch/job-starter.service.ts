import { Injectable } from '@nestjs/common';
import {
  BackupApi,
  BackupRecord,
  IncrementalRefusedError,
  RepositoryRef,
  StartBackupRequest,
  StartOutcomeUnknownError,
} from '../../backup-client/backup-api.port';
import { AppConfig } from '../../config/app-config';
import { ExecutionLog } from '../execution-log';
import { JobRepository } from '../job.repository';
import { DispatchJob, RunSpec } from './dispatch-board';
import { describeError } from '../../common/describe-error';

/** What a start needs beyond the job, fixed when the run's VMs were resolved. */
export interface StartTarget {
  repository: RepositoryRef;
  policyId: number | null;
}

export type StartResult = { outcome: 'running'; record: BackupRecord } | { outcome: 'failed'; reason: string } | { outcome: 'not-started' };

const idempotencyKey = (executionId: string, job: DispatchJob) => `${executionId}:${job.id}:${job.attempt}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts one VM's backup through the BackupApi port and writes the job row accordingly. A start
 * whose outcome is unknown (no answer) is never taken as failed: the job stays `starting` and is
 * reconciled with the API until it answers — adopting the backup the start made, or starting again —
 * for at most JOB_STALE_TIMEOUT_MS. An incremental the API refuses is retried once as full.
 */
@Injectable()
export class JobStarter {
  constructor(
    private readonly api: BackupApi,
    private readonly jobs: JobRepository,
    private readonly log: ExecutionLog,
    private readonly config: AppConfig,
  ) {}

  /** Claims a queued job (queued → starting) and starts it. `stillWanted` is asked while an outcome is awaited. */
  async start(spec: RunSpec, job: DispatchJob, target: StartTarget, stillWanted: () => boolean): Promise<StartResult> {
    const startedAt = new Date();
    const claimed = await this.jobs.transition(job.id, ['queued'], 'starting', { attempt: job.attempt + 1, started_at: startedAt });
    if (!claimed) return { outcome: 'not-started' };
    job.attempt += 1;
    job.startedAt = startedAt.getTime();
    this.log.info(ref(spec), 'starting', `Starting ${job.backupType} backup of ${job.vmName}`, { vm_name: job.vmName, attempt: job.attempt });
    return this.call(spec, job, target, stillWanted);
  }

  /** A job found `starting` after a restart: adopt what the earlier start made, or start it now. */
  async recover(spec: RunSpec, job: DispatchJob, target: StartTarget, stillWanted: () => boolean): Promise<StartResult> {
    try {
      const found = await this.api.findStarted(this.request(spec, job, target), idempotencyKey(spec.executionId, job), new Date(job.startedAt ?? 0));
      if (found) {
        this.log.info(ref(spec), 'recovered', `Found backup ${found.backup_id} of ${job.vmName} started before a restart`, { vm_name: job.vmName });
        return this.running(job, found);
      }
    } catch {
      return this.awaitOutcome(spec, job, target, stillWanted);
    }
    return this.call(spec, job, target, stillWanted);
  }

  private async call(spec: RunSpec, job: DispatchJob, target: StartTarget, stillWanted: () => boolean): Promise<StartResult> {
    try {
      return await this.running(job, await this.api.start(this.request(spec, job, target), idempotencyKey(spec.executionId, job)));
    } catch (err) {
      if (err instanceof StartOutcomeUnknownError) return this.awaitOutcome(spec, job, target, stillWanted);
      if (err instanceof IncrementalRefusedError && job.backupType === 'incremental') return this.retryAsFull(spec, job, target, stillWanted, err);
      return this.fail(job, describeError(err));
    }
  }

  private async retryAsFull(spec: RunSpec, job: DispatchJob, target: StartTarget, stillWanted: () => boolean, err: Error): Promise<StartResult> {
    job.backupType = 'full';
    await this.jobs.recordBackupType(job.id, 'full');
    this.log.warn(ref(spec), 'full-instead', `${err.message}; starting a full backup of ${job.vmName} instead`, { vm_name: job.vmName });
    return this.call(spec, job, target, stillWanted);
  }

  /** Asks the API, every poll interval, whether the start made a backup — until it can answer, or for JOB_STALE_TIMEOUT_MS. */
  private async awaitOutcome(spec: RunSpec, job: DispatchJob, target: StartTarget, stillWanted: () => boolean): Promise<StartResult> {
    const since = new Date(job.startedAt ?? Date.now());
    const giveUpAt = Date.now() + this.config.JOB_STALE_TIMEOUT_MS;
    this.log.warn(ref(spec), 'start-unknown', `No answer to the start of ${job.vmName}; checking with the backup API until it answers`, {
      vm_name: job.vmName,
    });
    for (;;) {
      await sleep(Math.min(this.config.JOB_POLL_INTERVAL_MS, 5000));
      if (!stillWanted()) return { outcome: 'not-started' };
      let found: BackupRecord | null;
      try {
        found = await this.api.findStarted(this.request(spec, job, target), idempotencyKey(spec.executionId, job), since);
      } catch {
        if (Date.now() < giveUpAt) continue;
        return this.fail(
          job,
          `the backup API did not answer for ${Math.round(this.config.JOB_STALE_TIMEOUT_MS / 60_000)} minutes; whether the backup started is unknown`,
        );
      }
      if (found) return this.running(job, found);
      return this.call(spec, job, target, stillWanted);
    }
  }

  private async running(job: DispatchJob, record: BackupRecord): Promise<StartResult> {
    const moved = await this.jobs.transition(job.id, ['starting'], 'running', {
      backup_job_id: record.backup_id,
      current_phase: record.current_phase ?? 'started',
      total_bytes: record.total_bytes,
    });
    return moved ? { outcome: 'running', record } : { outcome: 'not-started' };
  }

  private async fail(job: DispatchJob, reason: string): Promise<StartResult> {
    const failed = await this.jobs.transition(job.id, ['starting'], 'failed', { error_message: reason, completed_at: new Date() });
    return failed ? { outcome: 'failed', reason } : { outcome: 'not-started' };
  }

  private request(spec: RunSpec, job: DispatchJob, target: StartTarget): StartBackupRequest {
    return {
      vm_name: job.vmName,
      vm_context_id: job.vmContextId,
      backup_type: job.backupType,
      repository: target.repository,
      ...(target.policyId ? { policy_id: target.policyId } : {}),
      tags: { flow_id: spec.flowId, execution_id: spec.executionId, job_id: job.id },
    };
  }
}

function ref(spec: RunSpec): { id: string; flow_id: string } {
  return { id: spec.executionId, flow_id: spec.flowId };
}
