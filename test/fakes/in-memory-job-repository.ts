import { ExecutionJobEntity, JobStatus } from '../../src/executions/execution-job.entity';
import { checkJobTransition } from '../../src/executions/execution-states';
import { JobPatch, JobProgress, JobRepository } from '../../src/executions/job.repository';

/** The job rows in memory, with the same transition guard as JobRepository. */
export class InMemoryJobRepository {
  readonly rows = new Map<string, ExecutionJobEntity>();

  add(fields: Partial<ExecutionJobEntity> & { id: string; execution_id: string; vm_name: string }): ExecutionJobEntity {
    const row = {
      vm_context_id: `ctx-${fields.vm_name}`,
      repository_id: 1,
      dispatch_order: this.rows.size,
      backup_type: 'full',
      status: 'queued',
      attempt: 0,
      backup_job_id: null,
      previous_backup_ids: null,
      bytes_transferred: 0,
      total_bytes: null,
      progress_percent: null,
      current_phase: null,
      error_message: null,
      queued_at: new Date(),
      started_at: null,
      completed_at: null,
      last_update_at: new Date(),
      ...fields,
    } as ExecutionJobEntity;
    this.rows.set(row.id, row);
    return row;
  }

  transition(jobId: string, from: readonly JobStatus[], to: JobStatus, patch: JobPatch = {}): Promise<boolean> {
    checkJobTransition(from, to);
    const row = this.rows.get(jobId);
    if (!row || !from.includes(row.status)) return Promise.resolve(false);
    Object.assign(row, patch, { status: to });
    return Promise.resolve(true);
  }

  requeue(job: Pick<ExecutionJobEntity, 'id' | 'backup_job_id' | 'previous_backup_ids'>): Promise<boolean> {
    const previous = [...(job.previous_backup_ids ?? []), ...(job.backup_job_id ? [job.backup_job_id] : [])];
    return this.transition(job.id, ['failed'], 'queued', { backup_job_id: null, previous_backup_ids: previous });
  }

  recordBackupType(jobId: string, backupType: 'full' | 'incremental'): Promise<void> {
    const row = this.rows.get(jobId);
    if (row?.status === 'starting') row.backup_type = backupType;
    return Promise.resolve();
  }

  recordProgress(jobId: string, progress: JobProgress): Promise<void> {
    const row = this.rows.get(jobId);
    if (row?.status === 'running') Object.assign(row, progress);
    return Promise.resolve();
  }

  cancelQueued(executionId: string): Promise<number> {
    const queued = [...this.rows.values()].filter((r) => r.execution_id === executionId && r.status === 'queued');
    queued.forEach((r) => (r.status = 'cancelled'));
    return Promise.resolve(queued.length);
  }

  byId(jobId: string): Promise<ExecutionJobEntity | null> {
    return Promise.resolve(this.rows.get(jobId) ?? null);
  }

  byBackupId(backupId: string): Promise<ExecutionJobEntity | null> {
    return Promise.resolve([...this.rows.values()].find((r) => r.backup_job_id === backupId) ?? null);
  }

  allOf(executionId: string): Promise<ExecutionJobEntity[]> {
    return Promise.resolve([...this.rows.values()].filter((r) => r.execution_id === executionId));
  }

  statuses(): Record<string, JobStatus> {
    return Object.fromEntries([...this.rows.values()].map((r) => [r.vm_name, r.status]));
  }

  asRepository(): JobRepository {
    return this as unknown as JobRepository;
  }
}
