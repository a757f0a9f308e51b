import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { FlowsService, RunOutcome } from '../flows/flows.service';
import { ExecutionLog, ExecutionRef } from './execution-log';
import { ExecutionRecords, JobCounts } from './execution-records';

export function outcomeOf(counts: JobCounts, cancelled: boolean): RunOutcome {
  if (cancelled) return 'cancelled';
  if (counts.total > 0 && counts.completed === counts.total) return 'success';
  if (counts.total > 0 && counts.completed === 0) return 'error';
  return 'warning';
}

/** Ends an execution exactly once, with counters derived from its job rows. */
@Injectable()
export class ExecutionFinisher {
  private readonly finishedListeners: Array<(flowId: string) => Promise<void>> = [];

  constructor(
    private readonly records: ExecutionRecords,
    private readonly transactions: Transactions,
    private readonly flows: FlowsService,
    private readonly log: ExecutionLog,
  ) {}

  /** Called after each execution ends (the launcher starts a buffered run then). */
  onFinished(listener: (flowId: string) => Promise<void>): void {
    this.finishedListeners.push(listener);
  }

  /**
   * The status-guarded update and the flow statistics commit together; if another finisher got
   * there first the transaction is rolled back and this call reports false.
   */
  async finish(execution: ExecutionRef, options: { cancelled: boolean; message?: string }): Promise<boolean> {
    const finishedAt = new Date();
    const outcome = await this.transactions
      .run(async (manager) => {
        const row = await this.records.executions.findOneByOrFail({ id: execution.id });
        const counts = await this.records.jobCounts(execution.id, manager);
        // A cancel recorded through another replica counts too.
        const cancelRequested = !!(row.execution_metadata as { cancel_requested_at?: string } | null)?.cancel_requested_at;
        const result = outcomeOf(counts, options.cancelled || cancelRequested);
        const backupIds = await this.records.backupIds(execution.id, manager);
        const won = await this.records.transition(
          execution.id,
          ['running', 'pending'],
          result,
          {
            completed_at: finishedAt,
            execution_time_seconds: Math.round((finishedAt.getTime() - (row.started_at ?? row.created_at).getTime()) / 1000),
            jobs_created: backupIds.length,
            jobs_completed: counts.completed,
            jobs_failed: counts.failed,
            jobs_skipped: counts.skipped + counts.cancelled,
            vms_processed: counts.completed + counts.failed,
            bytes_transferred: counts.bytes,
            created_job_ids: backupIds,
            error_message: options.message ?? errorSummary(counts, result),
            lease_expires_at: null,
          },
          manager,
        );
        if (!won) throw new AlreadyFinished();
        await this.flows.recordOutcome(manager, execution.flow_id, execution.id, result);
        return { result, counts };
      })
      .catch((err: unknown) => {
        if (err instanceof AlreadyFinished) return undefined;
        throw err;
      });
    if (!outcome) return false;
    this.log.record(
      execution,
      outcome.result === 'error' ? 'error' : outcome.result === 'warning' ? 'warn' : 'info',
      'finished',
      `Execution finished: ${outcome.result}`,
      {
        outcome: outcome.result,
        completed: outcome.counts.completed,
        failed: outcome.counts.failed,
        cancelled: outcome.counts.cancelled,
        bytes_transferred: outcome.counts.bytes,
      },
    );
    await this.log.flush();
    for (const listener of this.finishedListeners) await listener(execution.flow_id);
    return true;
  }
}

class AlreadyFinished extends Error {}

function errorSummary(counts: JobCounts, outcome: RunOutcome): string | null {
  if (outcome === 'success') return null;
  if (counts.total === 0) return 'No VMs to back up: the target has no enabled VMs';
  if (outcome === 'cancelled') return `Cancelled: ${counts.cancelled} VM(s) not started`;
  return `${counts.failed} of ${counts.total} VM backup(s) failed`;
}
