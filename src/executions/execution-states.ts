import { JobStatus } from './execution-job.entity';
import { ExecutionStatus } from './flow-execution.entity';

/**
 * The two status machines, written once. Every status write goes through `checkExecutionTransition`
 * or `checkJobTransition` (the repositories call them), then a conditional UPDATE that applies
 * only while the row is still in one of the `from` states — so of two racing writers one wins.
 * docs/execution-states.md draws both machines and says who moves each transition.
 */
export const EXECUTION_TRANSITIONS: Readonly<Record<ExecutionStatus, readonly ExecutionStatus[]>> = {
  pending: ['running', 'cancelled'],
  running: ['success', 'warning', 'error', 'cancelled'],
  success: [],
  warning: [],
  error: [],
  cancelled: [],
};

export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['starting', 'cancelled'],
  starting: ['running', 'failed'],
  running: ['completed', 'failed', 'cancelled'],
  // A failed job of a scheduled run goes back to the queue while it has retries left.
  failed: ['queued'],
  completed: [],
  skipped: [],
  cancelled: [],
};

export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = terminal(EXECUTION_TRANSITIONS);
export const ACTIVE_EXECUTION_STATUSES: readonly ExecutionStatus[] = ['pending', 'running'];
/** A failed job can be retried, but for its run it has ended. */
export const ENDED_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'skipped', 'cancelled'];
export const IN_FLIGHT_JOB_STATUSES: readonly JobStatus[] = ['starting', 'running'];

/** A status change the table does not allow: a bug in the engine, never a caller's mistake. */
export class IllegalTransitionError extends Error {
  constructor(what: string, from: readonly string[], to: string) {
    super(`illegal ${what} transition ${from.join('|')} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function checkExecutionTransition(from: readonly ExecutionStatus[], to: ExecutionStatus): void {
  check('execution', EXECUTION_TRANSITIONS, from, to);
}

export function checkJobTransition(from: readonly JobStatus[], to: JobStatus): void {
  check('job', JOB_TRANSITIONS, from, to);
}

function check<S extends string>(what: string, table: Readonly<Record<S, readonly S[]>>, from: readonly S[], to: S): void {
  if (from.length === 0 || from.some((state) => !table[state].includes(to))) throw new IllegalTransitionError(what, from, to);
}

function terminal<S extends string>(table: Readonly<Record<S, readonly S[]>>): S[] {
  return (Object.keys(table) as S[]).filter((state) => table[state].length === 0);
}
