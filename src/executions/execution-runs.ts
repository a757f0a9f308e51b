import { Injectable } from '@nestjs/common';
import { ExecutionRef } from './execution-log';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionType } from './flow-execution.entity';

export interface RetryPolicy {
  /** Extra starts allowed after a failure (scheduled runs only). */
  attempts: number;
  delayMs: number;
}

/** What this replica knows of an execution it drives. The job rows stay the source of truth. */
export interface Run {
  execution: ExecutionRef & { execution_type: ExecutionType };
  repositoryId: number;
  policyId: number | null;
  /** At most this many of the run's jobs are starting or running at once. */
  limit: number;
  /** Queued jobs, in dispatch order. */
  queue: ExecutionJobEntity[];
  /** Jobs started (or being started) and not yet ended. */
  inFlight: Map<string, ExecutionJobEntity>;
  /** In-flight jobs known to have completed whose slot is already free (their row is being written). */
  freed: Set<string>;
  retry: RetryPolicy;
  retryTimers: Map<string, NodeJS.Timeout>;
  cancelled: boolean;
  finishing: boolean;
  /** Set when the target could not be resolved; becomes the execution's error message. */
  problem?: string;
}

/** The runs this replica owns, by execution id. */
@Injectable()
export class ExecutionRuns {
  private readonly runs = new Map<string, Run>();

  get(executionId: string): Run | undefined {
    return this.runs.get(executionId);
  }

  add(run: Run): void {
    this.runs.set(run.execution.id, run);
  }

  remove(executionId: string): void {
    const run = this.runs.get(executionId);
    run?.retryTimers.forEach(clearTimeout);
    this.runs.delete(executionId);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  all(): Run[] {
    return [...this.runs.values()];
  }

  /** A started job this replica drives, by the backup id the API gave it (saves a query per push). */
  inFlightByBackupId(backupId: string): ExecutionJobEntity | undefined {
    for (const run of this.runs.values()) {
      for (const job of run.inFlight.values()) if (job.backup_job_id === backupId) return job;
    }
    return undefined;
  }
}
