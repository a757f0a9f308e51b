import { Injectable, Logger } from '@nestjs/common';
import { BackupApi, BackupRecord } from '../../backup-client/backup-api.port';
import { DomainEventMap, DomainEvents } from '../../events/domain-events';
import { ExecutionFinisher } from '../execution-finisher.service';
import { ExecutionLog } from '../execution-log';
import { ExecutionRepository } from '../execution.repository';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { JobRepository } from '../job.repository';
import { DispatchBoard, DispatchJob, JobOutcome, RunSpec } from './dispatch-board';
import { ExecutionPlanner, RunPlan } from './execution-planner.service';

/** What a start call needs beyond the job: fixed when the run's VMs were resolved. */
interface RunContext {
  repositoryId: number;
  policyId: number | null;
  /** Why the target gave no VMs; becomes the execution's error message. */
  problem?: string;
}

const idempotencyKey = (executionId: string, job: DispatchJob) => `${executionId}:${job.id}:${job.attempt}`;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts every VM's backup of the runs this replica drives, exactly once, through the BackupApi
 * port. What may start and when is decided by the DispatchBoard (no I/O); this class does the
 * writes and calls around those decisions, and finishes a run once the board says it is done.
 */
@Injectable()
export class FlowDispatcher {
  private readonly logger = new Logger('FlowDispatcher');
  private readonly contexts = new Map<string, RunContext>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly board: DispatchBoard,
    private readonly planner: ExecutionPlanner,
    private readonly executions: ExecutionRepository,
    private readonly jobs: JobRepository,
    private readonly api: BackupApi,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
    private readonly events: DomainEvents,
  ) {}

  /** Takes over a running execution: resolves its VMs if not done yet, then dispatches from its job rows. */
  async drive(execution: FlowExecutionEntity): Promise<void> {
    if (this.board.has(execution.id)) return;
    try {
      const plan = await this.planner.plan(execution);
      if (!this.board.addRun(plan.spec)) return;
      this.contexts.set(execution.id, {
        repositoryId: plan.metadata.repository_id ?? 0,
        policyId: plan.metadata.policy_id ?? null,
        problem: plan.metadata.target_problem,
      });
      // A cancel recorded before the run was on the board (possibly through another replica).
      const current = await this.executions.findById(execution.id);
      if (current?.execution_metadata?.cancel_requested_at) await this.cancel(execution.id);
      this.load(plan);
      this.pump();
      this.maybeFinish(plan.spec);
    } catch (err) {
      this.logger.error({ msg: 'could not drive execution', execution_id: execution.id, flow_id: execution.flow_id, error: message(err) });
      this.forget(execution.id);
    }
  }

  private load(plan: RunPlan): void {
    const id = plan.spec.executionId;
    this.board.countEnded(id, plan.completed);
    this.board.enqueue(id, plan.queued);
    for (const job of plan.running) this.board.adopt(id, job);
    for (const job of plan.starting) {
      this.board.adopt(id, job);
      void this.recoverStart(plan.spec, job);
    }
    for (const job of plan.failed) {
      // A failed job whose retry was still due when the previous owner stopped.
      this.board.adopt(id, job);
      this.jobEnded(id, job.id, 'failed', Promise.resolve());
    }
  }

  /** Starts whatever the board allows now. */
  private pump(): void {
    for (const { spec, job } of this.board.takeStartable()) void this.start(spec, job);
  }

  private async start(spec: RunSpec, job: DispatchJob): Promise<void> {
    try {
      const claimed = await this.jobs.transition(job.id, ['queued'], 'starting', { attempt: job.attempt + 1, started_at: new Date() });
      if (!claimed) return this.jobEnded(spec.executionId, job.id, 'not-started', Promise.resolve());
      job.attempt += 1;
      this.log.info(ref(spec), 'starting', `Starting ${job.backupType} backup of ${job.vmName}`, { vm_name: job.vmName, attempt: job.attempt });
      this.jobUpdated(spec, job, 'starting');
      await this.callStart(spec, job);
    } catch (err) {
      this.logger.error({ msg: 'dispatch step failed', execution_id: spec.executionId, flow_id: spec.flowId, job_id: job.id, error: message(err) });
      await this.failStart(spec, job, message(err));
    }
  }

  private async callStart(spec: RunSpec, job: DispatchJob): Promise<void> {
    const context = this.contexts.get(spec.executionId);
    let record: BackupRecord;
    try {
      record = await this.api.start(
        {
          vm_name: job.vmName,
          vm_context_id: job.vmContextId,
          backup_type: job.backupType,
          repository_id: context?.repositoryId ?? 0,
          ...(context?.policyId ? { policy_id: context.policyId } : {}),
          tags: { flow_id: spec.flowId, execution_id: spec.executionId, job_id: job.id },
        },
        idempotencyKey(spec.executionId, job),
      );
    } catch (err) {
      return this.failStart(spec, job, message(err));
    }
    await this.markStarted(spec, job, record);
  }

  private async markStarted(spec: RunSpec, job: DispatchJob, record: BackupRecord): Promise<void> {
    const moved = await this.jobs.transition(job.id, ['starting'], 'running', {
      backup_job_id: record.backup_id,
      current_phase: record.current_phase ?? 'started',
      total_bytes: record.total_bytes,
    });
    if (!moved) return;
    this.board.started(spec.executionId, job.id, record.backup_id, Date.now());
    this.jobUpdated(spec, job, 'running');
    this.log.info(ref(spec), 'started', `Backup ${record.backup_id} started for ${job.vmName}`, {
      vm_name: job.vmName,
      backup_id: record.backup_id,
      backup_type: job.backupType,
    });
  }

  private async failStart(spec: RunSpec, job: DispatchJob, reason: string): Promise<void> {
    const failed = await this.jobs.transition(job.id, ['starting'], 'failed', { error_message: reason, completed_at: new Date() });
    if (failed) {
      this.log.error(ref(spec), 'failed', `Could not start the backup of ${job.vmName}: ${reason}`, { vm_name: job.vmName });
      this.jobUpdated(spec, job, 'failed', { error_message: reason });
    }
    this.jobEnded(spec.executionId, job.id, failed ? 'failed' : 'not-started', Promise.resolve());
  }

  /** A job started before a crash: adopt the backup the API already has for it, or start it with the same key. */
  private async recoverStart(spec: RunSpec, job: DispatchJob): Promise<void> {
    try {
      const repositoryId = this.contexts.get(spec.executionId)?.repositoryId ?? 0;
      const existing = (await this.api.list({ vm_name: job.vmName, repository_id: repositoryId })).find((b) => b.tags?.job_id === job.id);
      if (!existing) return await this.callStart(spec, job);
      this.log.info(ref(spec), 'recovered', `Found backup ${existing.backup_id} of ${job.vmName} started before a restart`);
      await this.markStarted(spec, job, existing);
    } catch (err) {
      await this.failStart(spec, job, message(err));
    }
  }

  /**
   * The one call that reports a job's end (whoever noticed: start failure, poll, telemetry push,
   * stale check). Its slot goes to the next VM at once; the run counts the job as ended once
   * `written` (its row's write) resolves, then retries it if allowed or finishes when nothing is left.
   */
  jobEnded(executionId: string, jobId: string, outcome: JobOutcome, written: Promise<unknown>): void {
    const spec = this.board.spec(executionId);
    if (!spec) return;
    const { retryInMs } = this.board.jobEnded(executionId, jobId, outcome);
    this.pump();
    const counts = this.board.counts(executionId);
    if (counts && outcome !== 'not-started') {
      const { completed, failed, running, queued } = counts;
      this.publish('execution.progress', {
        execution_id: executionId,
        flow_id: spec.flowId,
        jobs_completed: completed,
        jobs_failed: failed,
        jobs_running: running,
        jobs_queued: queued,
      });
    }
    void written
      .catch((err: unknown) => this.logger.error({ msg: 'job row write failed', execution_id: executionId, job_id: jobId, error: message(err) }))
      .finally(() => {
        this.board.settled(executionId, jobId);
        if (retryInMs !== null) this.scheduleRetry(spec, jobId, retryInMs);
        this.maybeFinish(spec);
      });
  }

  private scheduleRetry(spec: RunSpec, jobId: string, delayMs: number): void {
    this.log.warn(ref(spec), 'retry', `Retrying a failed VM in ${Math.round(delayMs / 60000)} min`, { job_id: jobId, delay_ms: delayMs });
    this.retryTimers.set(
      jobId,
      setTimeout(() => void this.retryNow(spec, jobId), delayMs),
    );
  }

  private async retryNow(spec: RunSpec, jobId: string): Promise<void> {
    this.retryTimers.delete(jobId);
    const row = await this.jobs.byId(jobId).catch(() => null);
    const requeued = row !== null && !this.board.isCancelled(spec.executionId) && (await this.jobs.requeue(row).catch(() => false));
    if (requeued) this.board.requeue(spec.executionId, jobId);
    else this.board.dropRetry(spec.executionId, jobId);
    this.pump();
    this.maybeFinish(spec);
  }

  /** Stops dispatching the run: queued jobs never start, pending retries are dropped, started ones are followed. */
  async cancel(executionId: string): Promise<void> {
    const spec = this.board.spec(executionId);
    if (!spec) return;
    for (const jobId of this.board.cancel(executionId)) {
      clearTimeout(this.retryTimers.get(jobId));
      this.retryTimers.delete(jobId);
    }
    await this.jobs.cancelQueued(executionId);
    this.maybeFinish(spec);
  }

  private maybeFinish(spec: RunSpec): void {
    if (!this.board.claimFinish(spec.executionId)) return;
    const context = this.contexts.get(spec.executionId);
    void this.finisher
      .finish(ref(spec), { cancelled: this.board.isCancelled(spec.executionId), message: context?.problem })
      .catch((err: unknown) =>
        this.logger.error({ msg: 'could not finish execution', execution_id: spec.executionId, flow_id: spec.flowId, error: message(err) }),
      )
      .finally(() => this.forget(spec.executionId));
  }

  private jobUpdated(spec: RunSpec, job: DispatchJob, status: string, extra: { error_message?: string } = {}): void {
    this.publish('job.updated', { execution_id: spec.executionId, flow_id: spec.flowId, job_id: job.id, vm_name: job.vmName, status, ...extra });
  }

  /** Tells the other modules without holding up dispatch. */
  private publish<K extends 'job.updated' | 'execution.progress'>(name: K, payload: DomainEventMap[K]): void {
    this.events.emit(name, payload).catch((err: unknown) => this.logger.warn({ msg: `could not publish ${name}`, error: message(err) }));
  }

  private forget(executionId: string): void {
    this.board.removeRun(executionId);
    this.contexts.delete(executionId);
  }
}

function ref(spec: RunSpec): { id: string; flow_id: string } {
  return { id: spec.executionId, flow_id: spec.flowId };
}
