import { plural } from '../common/plural';
import { Injectable } from '@nestjs/common';
import { DomainEvents, RunOutcome } from '../events/domain-events';
import { ExecutionLog, ExecutionRef } from './execution-log';
import { countersOf } from './execution-views';
import { ExecutionRepository, FinishDecision } from './execution.repository';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobCounts } from './job.repository';

/** The run's outcome from its jobs: all completed ⇒ success, none ⇒ error, otherwise warning. */
export function outcomeOf(counts: JobCounts, cancelled: boolean): RunOutcome {
  if (cancelled) return 'cancelled';
  if (counts.total > 0 && counts.completed === counts.total) return 'success';
  if (counts.total > 0 && counts.completed === 0) return 'error';
  return 'warning';
}

/** The finished execution's columns, derived from its job rows. */
export function finishDecision(
  row: FlowExecutionEntity,
  counts: JobCounts,
  backupIds: string[],
  options: { cancelled: boolean; message?: string },
  at: Date,
): FinishDecision {
  // A cancel recorded through another replica counts too.
  const outcome = outcomeOf(counts, options.cancelled || !!row.execution_metadata?.cancel_requested_at);
  return {
    outcome,
    executionType: row.execution_type,
    patch: {
      completed_at: at,
      execution_time_seconds: Math.round((at.getTime() - (row.started_at ?? row.created_at).getTime()) / 1000),
      ...countersOf({ counts, backupIds }),
      error_message: options.message ?? errorSummary(counts, outcome),
      lease_expires_at: null,
    },
  };
}

function errorSummary(counts: JobCounts, outcome: RunOutcome): string | null {
  if (outcome === 'success') return null;
  if (counts.total === 0) return outcome === 'cancelled' ? 'Cancelled before it started' : 'No VMs to back up: the target has no enabled VMs';
  if (outcome === 'cancelled') return `Cancelled: ${plural(counts.cancelled, 'VM')} not started`;
  return `${counts.failed} of ${plural(counts.total, 'VM backup')} failed`;
}

/** Ends an execution exactly once, with counters derived from its job rows, and says so. */
@Injectable()
export class ExecutionFinisher {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly log: ExecutionLog,
    private readonly events: DomainEvents,
  ) {}

  /** False when another finisher got there first. */
  async finish(execution: ExecutionRef, options: { cancelled: boolean; message?: string }): Promise<boolean> {
    const at = new Date();
    const decision = await this.executions.finish(execution.id, (row, counts, backupIds) => finishDecision(row, counts, backupIds, options, at));
    if (!decision) return false;
    const { outcome, patch } = decision;
    const level = outcome === 'error' ? 'error' : outcome === 'warning' ? 'warn' : 'info';
    this.log.record(execution, level, 'finished', `Execution finished: ${outcome}`, {
      outcome,
      completed: patch.jobs_completed,
      failed: patch.jobs_failed,
      bytes_transferred: patch.bytes_transferred,
    });
    await this.log.flush();
    const previous = await this.executions.previousOutcome(execution.flow_id, execution.id);
    await this.events.emit('execution.finished', {
      execution_id: execution.id,
      flow_id: execution.flow_id,
      outcome,
      execution_type: decision.executionType,
      previous_outcome: previous,
    });
    return true;
  }
}
