import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BackupApi, BackupRecord } from '../backup-client/backup-api.port';
import { Semaphore } from '../common/semaphore';
import { Transactions } from '../database/transactions';
import { BackupTypeAdvisor } from '../flows/backup-type.advisor';
import { FlowTargetResolver } from '../flows/flow-target.resolver';
import { FlowsService } from '../flows/flows.service';
import { EngineSlots } from './engine-slots';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionLog } from './execution-log';
import { ExecutionRecords } from './execution-records';
import { ExecutionRuns, Run } from './execution-runs';
import { FlowExecutionEntity } from './flow-execution.entity';

export interface ExecutionPlan {
  jobs_resolved?: boolean;
  max_concurrent?: number;
  repository_id?: number;
  policy_id?: number | null;
  retry_attempts?: number;
  retry_delay_minutes?: number;
  cancel_requested_at?: string;
  /** Why the target gave no VMs (it was deleted), when that happened. */
  target_problem?: string;
}

const planOf = (execution: FlowExecutionEntity): ExecutionPlan => execution.execution_metadata ?? {};
const idempotencyKey = (job: ExecutionJobEntity) => `${job.execution_id}:${job.id}:${job.attempt}`;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts every VM's backup of an execution exactly once, never more than the group allows at a
 * time nor more than the engine allows overall. It works off the job rows, so a run resumed after
 * a crash continues where the rows say it stopped.
 */
@Injectable()
export class FlowDispatcher {
  private readonly logger = new Logger('FlowDispatcher');
  /**
   * Resolving targets is heavy (a query per VM batch, a backup API list); when many executions
   * start together (one shared occurrence) a few at a time keeps the database free for the rest.
   */
  private readonly resolving = new Semaphore(4);
  /** Cancels that arrived before this replica had the run in memory (e.g. while resolving its VMs). */
  private readonly earlyCancels = new Set<string>();

  constructor(
    private readonly records: ExecutionRecords,
    private readonly runs: ExecutionRuns,
    private readonly slots: EngineSlots,
    private readonly api: BackupApi,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
    private readonly transactions: Transactions,
    private readonly flows: FlowsService,
    private readonly targets: FlowTargetResolver,
    private readonly backupTypes: BackupTypeAdvisor,
  ) {}

  /** Takes over a running execution: resolves its VMs if not done yet, then dispatches from its job rows. */
  async drive(execution: FlowExecutionEntity): Promise<void> {
    if (this.runs.get(execution.id)) return;
    try {
      let plan = planOf(execution);
      if (!plan.jobs_resolved) plan = await this.resolving.run(() => this.resolve(execution));
      const run = this.newRun(execution, plan);
      this.runs.add(run);
      if (plan.cancel_requested_at || this.earlyCancels.delete(execution.id)) {
        // Cancelled before (or while) its VMs were resolved: nothing queued may start.
        run.cancelled = true;
        await this.records.cancelQueuedJobs(execution.id);
      }
      await this.load(run);
      this.pump(run);
      this.maybeFinish(run);
    } catch (err) {
      this.logger.error({ msg: 'could not drive execution', execution_id: execution.id, flow_id: execution.flow_id, error: message(err) });
      this.runs.remove(execution.id);
    }
  }

  /** Writes one queued job per VM, and the plan, in one transaction. */
  private async resolve(execution: FlowExecutionEntity): Promise<ExecutionPlan> {
    const flow = await this.flows.get(execution.flow_id);
    const target = await this.targets.resolve(flow);
    const types = await this.backupTypes.choose(flow, target.vms);
    const now = new Date();
    // Re-read the plan: a cancel may have been recorded since the execution was loaded.
    const current = planOf(await this.records.executions.findOneByOrFail({ id: execution.id }));
    const resolved: ExecutionPlan = {
      ...current,
      jobs_resolved: true,
      max_concurrent: target.maxConcurrent,
      repository_id: flow.repository_id ?? undefined,
      policy_id: flow.policy_id,
      ...(target.problem ? { target_problem: target.problem } : {}),
    };
    await this.transactions.run(async (manager) => {
      const rows = target.vms.map((vm, index) => ({
        id: randomUUID(),
        dispatch_order: index,
        execution_id: execution.id,
        vm_context_id: vm.context_id,
        vm_name: vm.vm_name,
        backup_type: types.get(vm.context_id) ?? ('full' as const),
        repository_id: flow.repository_id,
        status: 'queued' as const,
        queued_at: now,
        last_update_at: now,
      }));
      await this.records.insertJobs(rows, manager);
      await this.records.transition(execution.id, ['running'], 'running', { execution_metadata: { ...resolved } }, manager);
    });
    const ref = execution;
    if (target.problem) this.log.error(ref, 'resolved', target.problem);
    this.log.info(ref, 'resolved', `Resolved ${target.vms.length} VM(s)`, { vm_count: target.vms.length, max_concurrent: target.maxConcurrent });
    if (target.vms.length > 0) this.log.info(ref, 'queued', `Queued ${target.vms.length} backup job(s)`, { vm_count: target.vms.length });
    return resolved;
  }

  private newRun(execution: FlowExecutionEntity, plan: ExecutionPlan): Run {
    return {
      execution: { id: execution.id, flow_id: execution.flow_id, execution_type: execution.execution_type },
      repositoryId: plan.repository_id ?? 0,
      policyId: plan.policy_id ?? null,
      limit: Math.max(1, plan.max_concurrent ?? 1),
      queue: [],
      inFlight: new Map(),
      freed: new Set(),
      retry: { attempts: plan.retry_attempts ?? 0, delayMs: (plan.retry_delay_minutes ?? 0) * 60_000 },
      retryTimers: new Map(),
      cancelled: false,
      finishing: false,
      problem: plan.target_problem,
    };
  }

  /** Rebuilds the run from its rows: queued jobs wait, started ones are in flight. */
  private async load(run: Run): Promise<void> {
    for (const job of await this.records.jobsOf(run.execution.id)) {
      if (job.status === 'queued') run.queue.push(job);
      else if (job.status === 'starting') this.takeSlotFor(run, job, () => this.recoverStart(run, job));
      else if (job.status === 'running') this.takeSlotFor(run, job);
      else if (job.status === 'failed' && this.canRetry(run, job)) this.scheduleRetry(run, job);
    }
  }

  private takeSlotFor(run: Run, job: ExecutionJobEntity, then?: () => Promise<void>): void {
    run.inFlight.set(job.id, job);
    void this.slots.acquire().then(() => then?.());
  }

  /** Starts queued jobs while the run and the engine have room. */
  pump(run: Run): void {
    while (!run.cancelled && run.inFlight.size - run.freed.size < run.limit && run.queue.length > 0) {
      const job = run.queue.shift() as ExecutionJobEntity;
      run.inFlight.set(job.id, job);
      void this.slots.acquire().then(() => this.start(run, job));
    }
  }

  private async start(run: Run, job: ExecutionJobEntity): Promise<void> {
    try {
      if (run.cancelled) return this.release(run, job);
      const backupType = job.backup_type ?? 'full';
      const claimed = await this.records.transitionJob(job.id, ['queued'], 'starting', { attempt: job.attempt + 1, started_at: new Date() });
      if (!claimed) return this.release(run, job);
      job.attempt += 1;
      this.log.info(run.execution, 'starting', `Starting ${backupType} backup of ${job.vm_name}`, { vm_name: job.vm_name, attempt: job.attempt });
      await this.callStart(run, job);
    } catch (err) {
      this.logger.error({ msg: 'dispatch step failed', execution_id: run.execution.id, job_id: job.id, error: message(err) });
      await this.failStart(run, job, message(err));
    }
  }

  private async callStart(run: Run, job: ExecutionJobEntity): Promise<void> {
    let record: BackupRecord;
    try {
      record = await this.api.start(
        {
          vm_name: job.vm_name,
          backup_type: job.backup_type ?? 'full',
          repository_id: run.repositoryId,
          ...(run.policyId ? { policy_id: run.policyId } : {}),
          tags: { flow_id: run.execution.flow_id, execution_id: run.execution.id, job_id: job.id },
        },
        idempotencyKey(job),
      );
    } catch (err) {
      return this.failStart(run, job, message(err));
    }
    await this.markStarted(run, job, record);
  }

  private async markStarted(run: Run, job: ExecutionJobEntity, record: BackupRecord): Promise<void> {
    const moved = await this.records.transitionJob(job.id, ['starting'], 'running', {
      backup_job_id: record.backup_id,
      current_phase: record.current_phase ?? 'started',
      total_bytes: record.total_bytes,
    });
    if (moved) {
      job.backup_job_id = record.backup_id;
      this.log.info(run.execution, 'started', `Backup ${record.backup_id} started for ${job.vm_name}`, {
        vm_name: job.vm_name,
        backup_id: record.backup_id,
        backup_type: job.backup_type,
      });
    }
  }

  private async failStart(run: Run, job: ExecutionJobEntity, reason: string): Promise<void> {
    const failed = await this.records.transitionJob(job.id, ['starting'], 'failed', { error_message: reason, completed_at: new Date() });
    if (failed) this.log.error(run.execution, 'failed', `Could not start the backup of ${job.vm_name}: ${reason}`, { vm_name: job.vm_name });
    this.settle(run.execution.id, job.id, failed ? 'failed' : undefined);
  }

  /** A job started before a crash: adopt the backup the API already has for it, or start it with the same key. */
  private async recoverStart(run: Run, job: ExecutionJobEntity): Promise<void> {
    try {
      const existing = (await this.api.list({ vm_name: job.vm_name, repository_id: run.repositoryId })).find((b) => b.tags?.job_id === job.id);
      if (existing) {
        this.log.info(run.execution, 'recovered', `Found backup ${existing.backup_id} of ${job.vm_name} started before a restart`);
        return await this.markStarted(run, job, existing);
      }
      await this.callStart(run, job);
    } catch (err) {
      await this.failStart(run, job, message(err));
    }
  }

  private release(run: Run, job: ExecutionJobEntity): void {
    if (!run.inFlight.delete(job.id)) return;
    if (!run.freed.delete(job.id)) this.slots.release();
    this.pump(run);
    this.maybeFinish(run);
  }

  /**
   * A job is known to have completed but its row is still being written: its slot goes to the
   * next VM now; the run only counts it as ended (and may finish) once settle() follows.
   */
  freeSlot(executionId: string, jobId: string): void {
    const run = this.runs.get(executionId);
    if (!run?.inFlight.has(jobId) || run.freed.has(jobId)) return;
    run.freed.add(jobId);
    this.slots.release();
    this.pump(run);
  }

  /**
   * A job ended (whoever noticed: start failure, poll, telemetry push, stale check). Frees its
   * slot once, retries it if the run allows, and finishes the execution when nothing is left.
   */
  settle(executionId: string, jobId: string, status?: string): void {
    const run = this.runs.get(executionId);
    const job = run?.inFlight.get(jobId);
    if (!run || !job) return;
    if (status === 'failed' && this.canRetry(run, job)) this.scheduleRetry(run, job);
    this.release(run, job);
  }

  private canRetry(run: Run, job: ExecutionJobEntity): boolean {
    return !run.cancelled && run.execution.execution_type === 'scheduled' && job.attempt <= run.retry.attempts;
  }

  private scheduleRetry(run: Run, job: ExecutionJobEntity): void {
    const timer = setTimeout(() => void this.requeue(run, job), run.retry.delayMs);
    run.retryTimers.set(job.id, timer);
    this.log.warn(run.execution, 'retry', `Retrying ${job.vm_name} in ${Math.round(run.retry.delayMs / 60000)} min (attempt ${job.attempt + 1})`, {
      vm_name: job.vm_name,
      next_attempt: job.attempt + 1,
    });
  }

  private async requeue(run: Run, job: ExecutionJobEntity): Promise<void> {
    run.retryTimers.delete(job.id);
    const requeued = await this.records.transitionJob(job.id, ['failed'], 'queued', { error_message: null, completed_at: null, backup_job_id: null });
    if (requeued && !run.cancelled) run.queue.push(Object.assign(job, { status: 'queued' as const, backup_job_id: null }));
    this.pump(run);
    this.maybeFinish(run);
  }

  /** Stops dispatching: queued jobs never start, pending retries are dropped, started ones are followed. */
  cancel(executionId: string): void {
    const run = this.runs.get(executionId);
    if (!run) {
      this.earlyCancels.add(executionId);
      return;
    }
    run.cancelled = true;
    run.queue = [];
    run.retryTimers.forEach(clearTimeout);
    run.retryTimers.clear();
    this.maybeFinish(run);
  }

  private maybeFinish(run: Run): void {
    if (run.finishing || run.inFlight.size > 0 || run.retryTimers.size > 0 || (!run.cancelled && run.queue.length > 0)) return;
    run.finishing = true;
    void this.finisher
      .finish(run.execution, { cancelled: run.cancelled, message: run.problem })
      .catch((err: unknown) => this.logger.error({ msg: 'could not finish execution', execution_id: run.execution.id, error: message(err) }))
      .finally(() => this.runs.remove(run.execution.id));
  }
}
