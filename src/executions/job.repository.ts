import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page } from '../common/pagination.dto';
import { placeholders, RawSql } from '../database/raw-sql';
import { checkJobTransition } from './execution-states';
import { BackupType, ExecutionJobEntity, JOB_STATUSES, JobStatus } from './execution-job.entity';

const CHUNK = 200;
const JOBS = 'protection_flow_execution_jobs';

export type JobCounts = Record<JobStatus, number> & { bytes: number; total: number };
export type JobPatch = QueryDeepPartialEntity<ExecutionJobEntity>;
/** A job as the planner creates it; the other columns take their defaults. */
export type NewJobRow = Pick<
  ExecutionJobEntity,
  'id' | 'dispatch_order' | 'execution_id' | 'vm_context_id' | 'vm_name' | 'backup_type' | 'repository_id' | 'status' | 'queued_at' | 'last_update_at'
>;
const NEW_JOB_COLUMNS = [
  'id',
  'dispatch_order',
  'execution_id',
  'vm_context_id',
  'vm_name',
  'backup_type',
  'repository_id',
  'status',
  'queued_at',
  'last_update_at',
] as const satisfies ReadonlyArray<keyof NewJobRow>;
/** What a progress report may change on a running job. */
export type JobProgress = Partial<Pick<ExecutionJobEntity, 'bytes_transferred' | 'total_bytes' | 'progress_percent' | 'current_phase'>>;

export function emptyJobCounts(): JobCounts {
  return { ...(Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>), bytes: 0, total: 0 };
}

/** The job rows (one per VM of an execution): every read and guarded write of them. */
@Injectable()
export class JobRepository {
  constructor(
    @InjectRepository(ExecutionJobEntity) private readonly jobs: Repository<ExecutionJobEntity>,
    private readonly sql: RawSql,
  ) {}

  /** The one way a job changes status (see execution-states.ts); true when this writer won. Plain SQL: it runs several times per job. */
  async transition(jobId: string, from: readonly JobStatus[], to: JobStatus, patch: JobPatch = {}): Promise<boolean> {
    checkJobTransition(from, to);
    const set = { ...(patch as Record<string, unknown>), status: to, last_update_at: new Date() };
    return (await this.sql.update(JOBS, set, `id = ? AND status IN (${placeholders(from.length)})`, [jobId, ...from])) === 1;
  }

  /** A failed job goes back to the queue; its backup id joins the earlier attempts' ids. */
  async requeue(job: Pick<ExecutionJobEntity, 'id' | 'backup_job_id' | 'previous_backup_ids'>): Promise<boolean> {
    const previous = [...(job.previous_backup_ids ?? []), ...(job.backup_job_id ? [job.backup_job_id] : [])];
    return this.transition(job.id, ['failed'], 'queued', { error_message: null, completed_at: null, backup_job_id: null, previous_backup_ids: previous });
  }

  /** The backup type a starting job will have (an incremental the API refused becomes full). */
  async recordBackupType(jobId: string, backupType: BackupType): Promise<void> {
    await this.sql.update(JOBS, { backup_type: backupType, last_update_at: new Date() }, "id = ? AND status = 'starting'", [jobId]);
  }

  /** Progress of a running job (status untouched). */
  async recordProgress(jobId: string, progress: JobProgress, at: Date): Promise<void> {
    await this.sql.update(JOBS, { ...progress, last_update_at: at }, "id = ? AND status = 'running'", [jobId]);
  }

  /** Every queued job of the execution is cancelled; returns how many. */
  async cancelQueued(executionId: string, manager?: EntityManager): Promise<number> {
    checkJobTransition(['queued'], 'cancelled');
    const now = new Date();
    const patch = { status: 'cancelled', completed_at: now, last_update_at: now, error_message: 'cancelled before it started' };
    return this.sql.update(JOBS, patch, "execution_id = ? AND status = 'queued'", [executionId], manager);
  }

  /** All jobs of an execution, in dispatch order. */
  allOf(executionId: string): Promise<ExecutionJobEntity[]> {
    return this.jobs.find({ where: { execution_id: executionId }, order: { dispatch_order: 'ASC', id: 'ASC' } });
  }

  /** The VMs of an execution whose jobs failed or were cancelled (what a retry runs again), in dispatch order. */
  async unfinishedVmsOf(executionId: string): Promise<string[]> {
    const rows = await this.jobs.find({
      select: { vm_context_id: true },
      where: { execution_id: executionId, status: In(['failed', 'cancelled']) },
      order: { dispatch_order: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => row.vm_context_id);
  }

  /** Plain SQL: the execution detail reads a page of jobs every time a GUI refreshes it. */
  async pageOf(executionId: string, page: Page): Promise<ExecutionJobEntity[]> {
    const sql = 'SELECT * FROM protection_flow_execution_jobs WHERE execution_id = ? ORDER BY dispatch_order, id LIMIT ? OFFSET ?';
    const rows = await this.sql.select(sql, [executionId, page.limit, page.offset]);
    return rows.map((row) => this.sql.hydrate(ExecutionJobEntity, row));
  }

  byBackupId(backupId: string): Promise<ExecutionJobEntity | null> {
    return this.jobs.findOneBy({ backup_job_id: backupId });
  }

  byId(jobId: string): Promise<ExecutionJobEntity | null> {
    return this.jobs.findOneBy({ id: jobId });
  }

  /**
   * Inserts new job rows in chunks of plain multi-row INSERTs, inside the caller's transaction
   * (ExecutionRepository.resolveJobs). The ORM's insert builder's parameter bookkeeping was the largest CPU cost of planning a 1,000-VM run.
   */
  async insertMany(rows: NewJobRow[], manager: EntityManager): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).map((row) => NEW_JOB_COLUMNS.map((column) => row[column]));
      await this.sql.insert(JOBS, NEW_JOB_COLUMNS, chunk, manager);
    }
  }

  /** Per-execution job counts by status and bytes, for many executions in one query. */
  async countsOf(executionIds: string[], manager?: EntityManager): Promise<Map<string, JobCounts>> {
    const counts = new Map<string, JobCounts>(executionIds.map((id) => [id, emptyJobCounts()]));
    if (executionIds.length === 0) return counts;
    const sql = `SELECT execution_id, status, COUNT(*) AS count, COALESCE(SUM(bytes_transferred), 0) AS bytes
      FROM protection_flow_execution_jobs WHERE execution_id IN (${placeholders(executionIds.length)}) GROUP BY execution_id, status`;
    const rows = (await this.sql.select(sql, executionIds, manager)) as Array<{
      execution_id: string;
      status: JobStatus;
      count: string | number;
      bytes: string | number;
    }>;
    for (const row of rows) addCount(counts.get(row.execution_id), row);
    return counts;
  }

  /** Every backup id the executions' jobs received (retries included), in start order, by execution. */
  async backupIdsOf(executionIds: string[], manager?: EntityManager): Promise<Map<string, string[]>> {
    const ids = new Map<string, string[]>(executionIds.map((id) => [id, []]));
    if (executionIds.length === 0) return ids;
    // Plain SQL: a running execution's view reads this on every refresh, for every job.
    const sql = `SELECT execution_id, backup_job_id, previous_backup_ids FROM protection_flow_execution_jobs
      WHERE execution_id IN (${placeholders(executionIds.length)}) ORDER BY started_at, id`;
    const rows = (await this.sql.select(sql, executionIds, manager)).map((row) => ({
      execution_id: String(row.execution_id),
      backup_job_id: typeof row.backup_job_id === 'string' ? row.backup_job_id : null,
      previous_backup_ids: (typeof row.previous_backup_ids === 'string' ? JSON.parse(row.previous_backup_ids) : row.previous_backup_ids) as string[] | null,
    }));
    for (const row of rows) ids.get(row.execution_id)?.push(...backupIdsOfJob(row));
    return ids;
  }

  /** Which of these VMs have jobs (in one of `statuses`, when given). */
  async vmsWithJobs(vmContextIds: string[], statuses?: JobStatus[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < vmContextIds.length; i += CHUNK) {
      const query = this.jobs
        .createQueryBuilder('j')
        .select('DISTINCT j.vm_context_id', 'vm_context_id')
        .where('j.vm_context_id IN (:...ids)', { ids: vmContextIds.slice(i, i + CHUNK) });
      if (statuses) query.andWhere('j.status IN (:...statuses)', { statuses });
      const rows = await query.getRawMany<{ vm_context_id: string }>();
      rows.forEach((r) => found.add(r.vm_context_id));
    }
    return found;
  }

  /** A VM's latest jobs, newest first. */
  latestOfVm(vmContextId: string, limit: number): Promise<ExecutionJobEntity[]> {
    return this.jobs.find({ where: { vm_context_id: vmContextId }, order: { queued_at: 'DESC', id: 'DESC' }, take: limit });
  }

  /** VMs with a completed full backup in the repository, according to the engine's own history. */
  async vmsWithCompletedFull(repositoryId: number, vmContextIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < vmContextIds.length; i += CHUNK) {
      const rows = await this.jobs
        .createQueryBuilder('j')
        .select('DISTINCT j.vm_context_id', 'vm_context_id')
        .where('j.repository_id = :repositoryId', { repositoryId })
        .andWhere("j.backup_type = 'full' AND j.status = 'completed'")
        .andWhere('j.vm_context_id IN (:...ids)', { ids: vmContextIds.slice(i, i + CHUNK) })
        .getRawMany<{ vm_context_id: string }>();
      rows.forEach((r) => found.add(r.vm_context_id));
    }
    return found;
  }

  private repository(manager?: EntityManager): Repository<ExecutionJobEntity> {
    return manager ? manager.getRepository(ExecutionJobEntity) : this.jobs;
  }
}

export function backupIdsOfJob(job: Pick<ExecutionJobEntity, 'backup_job_id' | 'previous_backup_ids'>): string[] {
  return [...(job.previous_backup_ids ?? []), ...(job.backup_job_id ? [job.backup_job_id] : [])];
}

function addCount(counts: JobCounts | undefined, row: { status: JobStatus; count: string | number; bytes: string | number }): void {
  if (!counts) return;
  counts[row.status] = Number(row.count);
  counts.total += Number(row.count);
  counts.bytes += Number(row.bytes);
}
