import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DeepPartial, EntityManager, In, LessThan, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ExecutionJobEntity, JobStatus } from './execution-job.entity';
import { ExecutionStatus, FlowExecutionEntity } from './flow-execution.entity';

export const TERMINAL_JOB_STATUSES: JobStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];
const INSERT_CHUNK = 200;

export type JobCounts = Record<JobStatus, number> & { bytes: number; total: number };

/** The executions module's SQL: every read and guarded write of executions and their jobs. */
@Injectable()
export class ExecutionRecords {
  constructor(
    @InjectRepository(FlowExecutionEntity) readonly executions: Repository<FlowExecutionEntity>,
    @InjectRepository(ExecutionJobEntity) readonly jobs: Repository<ExecutionJobEntity>,
  ) {}

  /**
   * The one way an execution changes status: the update only applies while the row is still in
   * one of `from`, so of two racing writers exactly one wins. Returns whether this one did.
   */
  async transition(
    id: string,
    from: ExecutionStatus[],
    to: ExecutionStatus,
    patch: DeepPartial<FlowExecutionEntity> = {},
    manager?: EntityManager,
  ): Promise<boolean> {
    const repository = manager ? manager.getRepository(FlowExecutionEntity) : this.executions;
    const result = await repository.update({ id, status: In(from) }, { ...patch, status: to } as Parameters<typeof repository.update>[1]);
    return (result.affected ?? 0) === 1;
  }

  /** The same guard for a job row. */
  async transitionJob(jobId: string, from: JobStatus[], to: JobStatus, patch: DeepPartial<ExecutionJobEntity> = {}): Promise<boolean> {
    const result = await this.jobs.update({ id: jobId, status: In(from) }, { ...patch, status: to, last_update_at: new Date() } as Parameters<
      typeof this.jobs.update
    >[1]);
    return (result.affected ?? 0) === 1;
  }

  async updateJob(jobId: string, patch: DeepPartial<ExecutionJobEntity>): Promise<void> {
    await this.jobs.update({ id: jobId }, patch as Parameters<typeof this.jobs.update>[1]);
  }

  /** Bulk insert in chunks; rows carry their own ids (insert() runs no entity hooks). */
  async insertJobs(rows: Array<QueryDeepPartialEntity<ExecutionJobEntity> & { id: string }>, manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(ExecutionJobEntity);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await repository.insert(rows.slice(i, i + INSERT_CHUNK));
  }

  jobsOf(executionId: string): Promise<ExecutionJobEntity[]> {
    return this.jobs.find({ where: { execution_id: executionId }, order: { dispatch_order: 'ASC', id: 'ASC' } });
  }

  jobByBackupId(backupId: string): Promise<ExecutionJobEntity | null> {
    return this.jobs.findOneBy({ backup_job_id: backupId });
  }

  jobsByIds(jobIds: string[]): Promise<ExecutionJobEntity[]> {
    if (jobIds.length === 0) return Promise.resolve([]);
    return this.jobs.findBy({ id: In(jobIds) });
  }

  jobById(jobId: string): Promise<ExecutionJobEntity | null> {
    return this.jobs.findOneBy({ id: jobId });
  }

  /** Running jobs with no news since `before` (for the stale check). */
  staleJobs(executionIds: string[], before: Date): Promise<ExecutionJobEntity[]> {
    if (executionIds.length === 0) return Promise.resolve([]);
    return this.jobs.findBy({ execution_id: In(executionIds), status: 'running', last_update_at: LessThan(before) });
  }

  async cancelQueuedJobs(executionId: string): Promise<number> {
    const now = new Date();
    const result = await this.jobs.update(
      { execution_id: executionId, status: 'queued' },
      { status: 'cancelled', completed_at: now, last_update_at: now, error_message: 'cancelled before it started' },
    );
    return result.affected ?? 0;
  }

  /** Per-status job counts and bytes, derived from the job rows in one query. */
  async jobCounts(executionId: string, manager?: EntityManager): Promise<JobCounts> {
    const repository = manager ? manager.getRepository(ExecutionJobEntity) : this.jobs;
    const rows = await repository
      .createQueryBuilder('j')
      .select('j.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(j.bytes_transferred), 0)', 'bytes')
      .where('j.execution_id = :executionId', { executionId })
      .groupBy('j.status')
      .getRawMany<{ status: JobStatus; count: string | number; bytes: string | number }>();
    const counts = { queued: 0, starting: 0, running: 0, completed: 0, failed: 0, skipped: 0, cancelled: 0, bytes: 0, total: 0 };
    for (const row of rows) {
      counts[row.status] = Number(row.count);
      counts.total += Number(row.count);
      counts.bytes += Number(row.bytes);
    }
    return counts;
  }

  /** Every backup id the execution's jobs received. */
  async backupIds(executionId: string, manager?: EntityManager): Promise<string[]> {
    const repository = manager ? manager.getRepository(ExecutionJobEntity) : this.jobs;
    const rows = await repository.find({ select: { backup_job_id: true }, where: { execution_id: executionId }, order: { started_at: 'ASC', id: 'ASC' } });
    return rows.map((r) => r.backup_job_id).filter((id): id is string => !!id);
  }

  /** VMs with a completed full backup in the repository, according to the engine's own history. */
  async vmsWithCompletedFull(repositoryId: number, vmContextIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < vmContextIds.length; i += INSERT_CHUNK) {
      const rows = await this.jobs
        .createQueryBuilder('j')
        .select('DISTINCT j.vm_context_id', 'vm_context_id')
        .where('j.repository_id = :repositoryId', { repositoryId })
        .andWhere("j.backup_type = 'full' AND j.status = 'completed'")
        .andWhere('j.vm_context_id IN (:...ids)', { ids: vmContextIds.slice(i, i + INSERT_CHUNK) })
        .getRawMany<{ vm_context_id: string }>();
      rows.forEach((r) => found.add(r.vm_context_id));
    }
    return found;
  }

  /** Takes over running executions whose owner's lease lapsed (or that have no owner). */
  async claimOrphans(ownerId: string, leaseUntil: Date, now: Date): Promise<FlowExecutionEntity[]> {
    const candidates = await this.executions
      .createQueryBuilder('e')
      .where('e.status = :status', { status: 'running' })
      .andWhere(new Brackets((q) => q.where('e.lease_expires_at IS NULL').orWhere('e.lease_expires_at < :now', { now })))
      .getMany();
    const claimed: FlowExecutionEntity[] = [];
    for (const execution of candidates) {
      const result = await this.executions
        .createQueryBuilder()
        .update()
        .set({ owner_id: ownerId, lease_expires_at: leaseUntil })
        .where('id = :id AND status = :status', { id: execution.id, status: 'running' })
        .andWhere(new Brackets((q) => q.where('lease_expires_at IS NULL').orWhere('lease_expires_at < :now', { now })))
        .execute();
      if ((result.affected ?? 0) === 1) claimed.push(Object.assign(execution, { owner_id: ownerId, lease_expires_at: leaseUntil }));
    }
    return claimed;
  }

  async renewLeases(ownerId: string, executionIds: string[], leaseUntil: Date): Promise<void> {
    if (executionIds.length === 0) return;
    await this.executions.update({ owner_id: ownerId, id: In(executionIds), status: 'running' }, { lease_expires_at: leaseUntil });
  }

  pendingExecutionOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return this.executions.findOne({ where: { flow_id: flowId, status: 'pending' }, order: { created_at: 'ASC' } });
  }

  /** Flows with a pending execution (for the periodic promotion check). */
  async flowsWithPending(): Promise<string[]> {
    const rows = await this.executions.find({ select: { flow_id: true }, where: { status: 'pending' } });
    return [...new Set(rows.map((r) => r.flow_id))];
  }

  runningExecutionOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return this.executions.findOne({ where: { flow_id: flowId, status: 'running' } });
  }
}
