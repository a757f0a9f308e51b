import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { BackupApi } from '../../backup-client/backup-api.port';
import { describeError as message } from '../../common/describe-error';
import { ExecutionFinisher } from '../execution-finisher.service';
import { ExecutionLog } from '../execution-log';
import { ExecutionRepository } from '../execution.repository';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { JobRepository } from '../job.repository';
import { DispatchBoard, DispatchJob, JobOutcome, RunSpec } from './dispatch-board';
import { ExecutionPlanner, RunPlan } from './execution-planner.service';
import { JobStarter, StartResult, StartTarget } from './job-starter.service';
import { RunNews } from './run-news';

/** What the run's starts need, and why its target gave no VMs (the execution's error message then). */
interface RunContext extends StartTarget {
  problem?: string;
}

/** How a run comes to be driven on this replica, and the line its log gets then. */
export interface RunStart {
  /** `launched`: created now (API or scheduler); `promoted`: a buffered run whose turn came; `resumed`: taken over after its lease lapsed. */
  reason: 'launched' | 'promoted' | 'resumed';
  message: string;
  fields?: Record<string, unknown>;
}

/** When the backup system cannot cancel, a cancelled run's started backups are let go with this note. */
const ABANDONED = 'Cancelled by the engine, which stopped following it: the backup system has no cancel, so the transfer may continue on the appliance';

/**
 * The run engine's face: `begin` is the one way a run starts being driven on this replica. It starts
 * every VM's backup of those runs, exactly once, through the BackupApi port. What may start and when
 * is decided by the DispatchBoard (no I/O, private to this folder); this class does the writes and
 * calls around those decisions, and finishes a run once the board says it is done.
 */
@Injectable()
export class FlowDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('FlowDispatcher');
  private readonly contexts = new Map<string, RunContext>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly board: DispatchBoard,
    private readonly planner: ExecutionPlanner,
    private readonly executions: ExecutionRepository,
    private readonly jobs: JobRepository,
    private readonly api: BackupApi,
    private readonly starter: JobStarter,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
    private readonly news: RunNews,
  ) {}

  /** Stopping: no new job starts, pending retries are dropped; runs are left to their next owner (the leases hand them over). */
  beforeApplicationShutdown(): void {
    this.board.stop();
    this.retryTimers.forEach(clearTimeout);
    this.retryTimers.clear();
  }

  /**
   * The one way a run starts being driven here (its row already holds this replica's lease): its log
   * says how, `execution.started` tells the other modules (a resumed run was announced when it began),
   * and dispatch begins on the next turn of the event loop.
   */
  async begin(execution: FlowExecutionEntity, start: RunStart): Promise<void> {
    if (start.reason === 'resumed') this.logger.warn({ msg: start.message, execution_id: execution.id, flow_id: execution.flow_id });
    else this.log.info(execution, 'started', start.message, start.fields ?? {});
    setImmediate(() => void this.drive(execution));
    if (start.reason !== 'resumed') await this.news.started(execution);
  }

  /** What this replica drives now (metrics). */
  live(): { executions: number; jobsInFlight: number } {
    return { executions: this.board.executionIds().length, jobsInFlight: this.board.inFlightCount };
  }

  /** Resolves the run's VMs if not done yet, then dispatches from its job rows. */
  private async drive(execution: FlowExecutionEntity): Promise<void> {
    if (this.board.has(execution.id)) return;
    try {
      const plan = await this.planner.plan(execution);
      if (!this.board.addRun(plan.spec)) return;
      this.contexts.set(execution.id, {
        repository: { id: plan.metadata.repository_id ?? 0, external_id: plan.metadata.repository_external_id ?? null },
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
      void this.starter.recover(plan.spec, job, this.target(id), this.wanted(id)).then((result) => this.afterStart(plan.spec, job, result));
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
    let result: StartResult;
    try {
      result = await this.starter.start(spec, job, this.target(spec.executionId), this.wanted(spec.executionId));
    } catch (err) {
      this.logger.error({ msg: 'dispatch step failed', execution_id: spec.executionId, flow_id: spec.flowId, job_id: job.id, error: message(err) });
      result = { outcome: 'not-started' };
    }
    await this.afterStart(spec, job, result);
  }

  private async afterStart(spec: RunSpec, job: DispatchJob, result: StartResult): Promise<void> {
    if (result.outcome === 'not-started') return this.jobEnded(spec.executionId, job.id, 'not-started', Promise.resolve());
    if (result.outcome === 'failed') {
      this.log.error(ref(spec), 'failed', `Could not start the backup of ${job.vmName}: ${result.reason}`, { vm_name: job.vmName });
      this.news.jobUpdated(spec, job, 'failed', { error_message: result.reason });
      return this.jobEnded(spec.executionId, job.id, 'failed', Promise.resolve());
    }
    const record = result.record;
    this.board.started(spec.executionId, job.id, record.backup_id, Date.now());
    this.news.jobUpdated(spec, job, 'running');
    this.log.info(ref(spec), 'started', `Backup ${record.backup_id} started for ${job.vmName}`, {
      vm_name: job.vmName,
      backup_id: record.backup_id,
      backup_type: job.backupType,
    });
    if (this.board.isCancelled(spec.executionId) && !this.api.followsCancelledBackups) await this.abandon(spec, job);
  }

  private target(executionId: string): StartTarget {
    return this.contexts.get(executionId) ?? { repository: { id: 0, external_id: null }, policyId: null };
  }

  /** Whether a start still waiting for its outcome is still wanted (the run is driven here and not cancelled). */
  private wanted(executionId: string): () => boolean {
    return () => this.board.has(executionId) && !this.board.isCancelled(executionId) && !this.board.isStopped;
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
    if (counts && outcome !== 'not-started') this.news.progressed(spec, counts);
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

  /**
   * Stops dispatching the run: queued jobs never start, pending retries are dropped; started ones are
   * followed to their end — or, when the backup system cannot cancel and so cannot be followed past
   * a cancel, let go (marked cancelled, saying the transfer may go on).
   */
  async cancel(executionId: string): Promise<void> {
    const spec = this.board.spec(executionId);
    if (!spec) return;
    for (const jobId of this.board.cancel(executionId)) {
      clearTimeout(this.retryTimers.get(jobId));
      this.retryTimers.delete(jobId);
    }
    await this.jobs.cancelQueued(executionId);
    if (!this.api.followsCancelledBackups) {
      for (const job of this.board.inFlightOf(executionId)) if (job.backupJobId) await this.abandon(spec, job);
    }
    this.maybeFinish(spec);
  }

  private async abandon(spec: RunSpec, job: DispatchJob): Promise<void> {
    const written = this.jobs.transition(job.id, ['running'], 'cancelled', { error_message: ABANDONED, completed_at: new Date() });
    this.jobEnded(spec.executionId, job.id, 'cancelled', written);
    if (await written.catch(() => false)) {
      this.log.warn(ref(spec), 'cancelled', `Stopped following the backup of ${job.vmName}: the transfer may continue on the appliance`, {
        vm_name: job.vmName,
        backup_id: job.backupJobId,
      });
      this.news.jobUpdated(spec, job, 'cancelled', { error_message: ABANDONED });
    }
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

  private forget(executionId: string): void {
    this.news.ended(executionId);
    this.board.removeRun(executionId);
    this.contexts.delete(executionId);
  }
}

function ref(spec: RunSpec): { id: string; flow_id: string } {
  return { id: spec.executionId, flow_id: spec.flowId };
}
