import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionResponse, ExecutionJobResponse } from './dto/execution.dto';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobCounts } from './job.repository';

/** What an execution's jobs say so far: while it runs, its counters are these, not the stored zeros. */
export interface LiveCounters {
  counts: JobCounts;
  backupIds: string[];
}

/** An execution's counters, derived from its jobs (the finisher stores them; while it runs, reads show them live). */
export function countersOf({ counts, backupIds }: LiveCounters) {
  return {
    jobs_created: backupIds.length,
    jobs_completed: counts.completed,
    jobs_failed: counts.failed,
    jobs_skipped: counts.skipped + counts.cancelled,
    vms_processed: counts.completed + counts.failed,
    bytes_transferred: counts.bytes,
    created_job_ids: backupIds,
  };
}

export function toExecutionResponse(execution: FlowExecutionEntity, flowName: string | null, live?: LiveCounters): ExecutionResponse {
  const { flow: _flow, schedule_execution: _scheduleExecution, owner_id: _owner, lease_expires_at: _lease, ...columns } = execution;
  const response: ExecutionResponse = { ...columns, flow_name: flowName, created_job_ids: execution.created_job_ids ?? [] };
  return live ? { ...response, ...countersOf(live) } : response;
}

export function toJobResponse(job: ExecutionJobEntity): ExecutionJobResponse {
  const { execution: _execution, repository_id: _repository, dispatch_order: _order, previous_backup_ids: _previous, ...columns } = job;
  return columns;
}
