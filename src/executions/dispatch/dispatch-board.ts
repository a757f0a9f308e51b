import { DispatchJob, JobOutcome, RunCounts, RunSpec, RunState } from './run-state';

export type { DispatchJob, JobOutcome, RunCounts, RunSpec } from './run-state';

/**
 * The dispatcher's state, synchronous and free of I/O: every run this replica drives, their queues
 * and jobs in flight, and the limits they share — ENGINE_MAX_CONCURRENT_JOBS overall, each limit
 * key's `maxConcurrent` (a group, across runs), and one backup at a time per VM, across runs.
 */
export class DispatchBoard {
  private readonly runs = new Map<string, RunState>();
  private readonly limitOf = new Map<string, number>();
  private readonly inUseOf = new Map<string, number>();
  /** Jobs in flight per VM (normally 0 or 1; a resumed run may adopt a second). */
  private readonly busyVms = new Map<string, number>();
  private readonly backupIndex = new Map<string, { executionId: string; jobId: string }>();
  private engineInUse = 0;
  private rotation = 0;
  /** Set when the replica stops: nothing new starts. */
  private stopped = false;

  constructor(readonly engineLimit: number) {}

  /** The replica is stopping: no job starts from now on (jobs in flight are left to their runs' next owner). */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts tracking a run; false when it is tracked already (or the replica is stopping). */
  addRun(spec: RunSpec): boolean {
    if (this.stopped || this.runs.has(spec.executionId)) return false;
    this.runs.set(spec.executionId, new RunState(spec));
    this.limitOf.set(spec.limitKey, Math.max(1, spec.maxConcurrent));
    return true;
  }

  has(executionId: string): boolean {
    return this.runs.has(executionId);
  }

  spec(executionId: string): RunSpec | undefined {
    return this.runs.get(executionId)?.spec;
  }

  executionIds(): string[] {
    return [...this.runs.keys()];
  }

  get inFlightCount(): number {
    return this.engineInUse;
  }

  /** Forgets a run, giving back whatever it still held. */
  removeRun(executionId: string): void {
    const run = this.runs.get(executionId);
    if (!run) return;
    for (const job of [...run.inFlight.values()]) this.release(run, job);
    this.runs.delete(executionId);
  }

  /** Jobs that had ended before this replica took the run (a resumed run). */
  countEnded(executionId: string, completed: number): void {
    const run = this.runs.get(executionId);
    if (run) run.completed += completed;
  }

  counts(executionId: string): RunCounts | undefined {
    const run = this.runs.get(executionId);
    return run && { completed: run.completed, failed: run.failed, running: run.inFlight.size, queued: run.queue.length };
  }

  /** Queued jobs, in dispatch order. */
  enqueue(executionId: string, jobs: DispatchJob[]): void {
    const run = this.runs.get(executionId);
    if (run && !run.cancelled) run.queue.push(...jobs);
  }

  /** A job that was already starting or running (a resumed run): it holds its slots, whatever the limits. */
  adopt(executionId: string, job: DispatchJob): void {
    const run = this.runs.get(executionId);
    if (run) this.occupy(run, job);
  }

  /** Takes every job that may start now, in turn across runs, and marks it in flight. */
  takeStartable(): Array<{ spec: RunSpec; job: DispatchJob }> {
    const taken: Array<{ spec: RunSpec; job: DispatchJob }> = [];
    if (this.stopped) return taken;
    const runs = [...this.runs.values()];
    const offset = runs.length > 0 ? this.rotation++ % runs.length : 0;
    let progress = true;
    while (progress && this.engineInUse < this.engineLimit) {
      progress = false;
      for (let i = 0; i < runs.length && this.engineInUse < this.engineLimit; i++) {
        const run = runs[(i + offset) % runs.length];
        const job = this.nextFor(run);
        if (!job) continue;
        this.occupy(run, job);
        taken.push({ spec: run.spec, job });
        progress = true;
      }
    }
    return taken;
  }

  /** The backup API gave the job this backup id. */
  started(executionId: string, jobId: string, backupId: string, at: number): void {
    const job = this.runs.get(executionId)?.inFlight.get(jobId);
    if (!job) return;
    job.backupJobId = backupId;
    job.lastNewsAt = at;
    this.backupIndex.set(backupId, { executionId, jobId });
  }

  /**
   * A job left flight: its slots go to the next jobs at once. Unless it is `not-started`, its row
   * is being written and the run waits for `settled`. Returns the retry delay when it will be retried.
   */
  jobEnded(executionId: string, jobId: string, outcome: JobOutcome): { retryInMs: number | null } {
    const run = this.runs.get(executionId);
    const job = run?.inFlight.get(jobId);
    if (!run || !job) return { retryInMs: null };
    this.release(run, job);
    if (outcome === 'completed') run.completed++;
    if (outcome === 'failed') run.failed++;
    if (outcome !== 'not-started') run.settling.add(jobId);
    const retry = run.spec.retry;
    if (outcome !== 'failed' || !retry || run.cancelled || job.attempt > retry.attempts) return { retryInMs: null };
    run.retryWaiting.set(jobId, job);
    return { retryInMs: retry.delayMs };
  }

  /** The ended job's row is written. */
  settled(executionId: string, jobId: string): void {
    this.runs.get(executionId)?.settling.delete(jobId);
  }

  /** A retry is due and its row is queued again: the job joins the end of the queue. */
  requeue(executionId: string, jobId: string): void {
    const run = this.runs.get(executionId);
    const job = run?.retryWaiting.get(jobId);
    if (!run || !job) return;
    run.retryWaiting.delete(jobId);
    if (run.cancelled) return;
    run.failed--;
    if (job.backupJobId) job.previousBackupIds.push(job.backupJobId);
    job.backupJobId = null;
    run.queue.push(job);
  }

  /** A retry that will not happen (its row could not be queued again). */
  dropRetry(executionId: string, jobId: string): void {
    this.runs.get(executionId)?.retryWaiting.delete(jobId);
  }

  /** Nothing queued starts any more and no retry happens; jobs in flight are still followed. Returns the dropped retries' job ids. */
  cancel(executionId: string): string[] {
    const run = this.runs.get(executionId);
    if (!run) return [];
    run.cancelled = true;
    run.queue = [];
    const dropped = [...run.retryWaiting.keys()];
    run.retryWaiting.clear();
    return dropped;
  }

  isCancelled(executionId: string): boolean {
    return this.runs.get(executionId)?.cancelled ?? false;
  }

  /** True once, when nothing of the run is left to start, follow, write or retry. */
  claimFinish(executionId: string): boolean {
    const run = this.runs.get(executionId);
    if (!run || run.finishing || run.inFlight.size > 0 || run.settling.size > 0 || run.retryWaiting.size > 0) return false;
    if (!run.cancelled && run.queue.length > 0) return false;
    run.finishing = true;
    return true;
  }

  /** The run's jobs in flight. */
  inFlightOf(executionId: string): DispatchJob[] {
    return [...(this.runs.get(executionId)?.inFlight.values() ?? [])];
  }

  /** Jobs in flight that have a backup id: what the tracker follows. */
  followed(): Array<{ executionId: string; flowId: string; job: DispatchJob }> {
    const out: Array<{ executionId: string; flowId: string; job: DispatchJob }> = [];
    for (const run of this.runs.values()) {
      for (const job of run.inFlight.values()) if (job.backupJobId) out.push({ executionId: run.spec.executionId, flowId: run.spec.flowId, job });
    }
    return out;
  }

  byBackupId(backupId: string): { executionId: string; flowId: string; job: DispatchJob } | undefined {
    const ref = this.backupIndex.get(backupId);
    const run = ref && this.runs.get(ref.executionId);
    const job = run?.inFlight.get(ref?.jobId ?? '');
    return run && job ? { executionId: run.spec.executionId, flowId: run.spec.flowId, job } : undefined;
  }

  private nextFor(run: RunState): DispatchJob | undefined {
    if (run.cancelled || run.finishing) return undefined;
    if ((this.inUseOf.get(run.spec.limitKey) ?? 0) >= (this.limitOf.get(run.spec.limitKey) ?? 1)) return undefined;
    const index = run.queue.findIndex((job) => !this.busyVms.get(job.vmContextId));
    return index < 0 ? undefined : run.queue.splice(index, 1)[0];
  }

  private occupy(run: RunState, job: DispatchJob): void {
    run.inFlight.set(job.id, job);
    this.engineInUse++;
    this.inUseOf.set(run.spec.limitKey, (this.inUseOf.get(run.spec.limitKey) ?? 0) + 1);
    this.busyVms.set(job.vmContextId, (this.busyVms.get(job.vmContextId) ?? 0) + 1);
    if (job.backupJobId) this.backupIndex.set(job.backupJobId, { executionId: run.spec.executionId, jobId: job.id });
  }

  private release(run: RunState, job: DispatchJob): void {
    if (!run.inFlight.delete(job.id)) return;
    this.engineInUse--;
    this.inUseOf.set(run.spec.limitKey, (this.inUseOf.get(run.spec.limitKey) ?? 1) - 1);
    const vmJobs = (this.busyVms.get(job.vmContextId) ?? 1) - 1;
    if (vmJobs > 0) this.busyVms.set(job.vmContextId, vmJobs);
    else this.busyVms.delete(job.vmContextId);
    if (job.backupJobId) this.backupIndex.delete(job.backupJobId);
  }
}
