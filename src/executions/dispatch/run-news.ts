import { Injectable, Logger } from '@nestjs/common';
import { describeError } from '../../common/describe-error';
import { DomainEventMap, DomainEvents } from '../../events/domain-events';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { ProgressAnnouncer } from './progress-announcer';
import { DispatchJob, RunCounts, RunSpec } from './run-state';

/** A run's progress is announced at most this often (the change stream carries it to GUIs). */
const PROGRESS_EVERY_MS = 500;

/**
 * What the run engine tells other modules while runs go on — a run started, a job's status, a
 * run's progress (throttled) — without holding up dispatch: a failed announcement is logged.
 */
@Injectable()
export class RunNews {
  private readonly logger = new Logger('FlowDispatcher');
  private readonly progress = new ProgressAnnouncer<DomainEventMap['execution.progress']>(
    (payload) => this.publish('execution.progress', payload),
    PROGRESS_EVERY_MS,
  );

  constructor(private readonly events: DomainEvents) {}

  /** A run is driven now (created, or a buffered one whose turn came). */
  started(execution: FlowExecutionEntity): Promise<void> {
    return this.events.emit('execution.started', {
      execution_id: execution.id,
      flow_id: execution.flow_id,
      execution_type: execution.execution_type,
      status: 'running',
    });
  }

  jobUpdated(spec: RunSpec, job: DispatchJob, status: string, extra: { error_message?: string } = {}): void {
    this.publish('job.updated', { execution_id: spec.executionId, flow_id: spec.flowId, job_id: job.id, vm_name: job.vmName, status, ...extra });
  }

  /** The run's counts after a job ended: at most every PROGRESS_EVERY_MS per run. */
  progressed(spec: RunSpec, counts: RunCounts): void {
    const { completed, failed, running, queued } = counts;
    this.progress.announce(spec.executionId, {
      execution_id: spec.executionId,
      flow_id: spec.flowId,
      jobs_completed: completed,
      jobs_failed: failed,
      jobs_running: running,
      jobs_queued: queued,
    });
  }

  /** The run ended here: its last progress goes out now. */
  ended(executionId: string): void {
    this.progress.flush(executionId);
  }

  private publish<K extends 'job.updated' | 'execution.progress'>(name: K, payload: DomainEventMap[K]): void {
    this.events.emit(name, payload).catch((err: unknown) => this.logger.warn({ msg: `could not publish ${name}`, error: describeError(err) }));
  }
}
