import { BackupType } from '../../backup-client/backup-api.port';

/** A VM's job as the dispatcher holds it between database writes. */
export interface DispatchJob {
  id: string;
  vmContextId: string;
  vmName: string;
  backupType: BackupType;
  /** Starts made so far (the next start is attempt + 1). */
  attempt: number;
  backupJobId: string | null;
  previousBackupIds: string[];
  /** When the engine last heard of this job (ms since epoch); the stale check reads it. */
  lastNewsAt: number;
  /** When its current start began (a start whose outcome is unknown is matched from then on). */
  startedAt?: number;
}

/** What a run needs from the board: its identity, its shared limit and its retry policy. */
export interface RunSpec {
  executionId: string;
  flowId: string;
  /** Runs with the same key share `maxConcurrent` (a group's VMs across every run on it). */
  limitKey: string;
  maxConcurrent: number;
  /** Failed jobs are retried only in scheduled runs. */
  retry: { attempts: number; delayMs: number } | null;
}

/** How a job left flight: `not-started` means another writer had already moved its row. */
export type JobOutcome = 'completed' | 'failed' | 'cancelled' | 'not-started';

/** One run on the board: its queue, its jobs in flight and what is left to settle. */
export class RunState {
  queue: DispatchJob[] = [];
  readonly inFlight = new Map<string, DispatchJob>();
  /** Ended jobs whose row is still being written: the slot is free, the run cannot finish yet. */
  readonly settling = new Set<string>();
  readonly retryWaiting = new Map<string, DispatchJob>();
  cancelled = false;
  finishing = false;
  /** Jobs of the run that ended completed / failed (a failed job waiting for its retry counts as failed). */
  completed = 0;
  failed = 0;

  constructor(readonly spec: RunSpec) {}
}

/** A run's jobs by where they are, as the board sees them now. */
export interface RunCounts {
  completed: number;
  failed: number;
  running: number;
  queued: number;
}
