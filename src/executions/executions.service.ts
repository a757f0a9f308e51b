import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiError, notFound } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { FlowsService } from '../flows/flows.service';
import { ExecutionDetailResponse, ExecutionEventResponse, ExecutionResponse } from './dto/execution.dto';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionLog } from './execution-log';
import { ExecutionRecords } from './execution-records';
import { ExecutionStatus, FlowExecutionEntity } from './flow-execution.entity';
import { ExecutionPlan, FlowDispatcher } from './flow-dispatcher.service';

export function toExecutionResponse(execution: FlowExecutionEntity, flowName: string | null): ExecutionResponse {
  const { flow: _flow, schedule_execution: _scheduleExecution, owner_id: _owner, lease_expires_at: _lease, ...columns } = execution;
  return { ...columns, flow_name: flowName, created_job_ids: execution.created_job_ids ?? [] };
}

/** Reads of execution history, and cancelling a run. */
@Injectable()
export class ExecutionsService {
  constructor(
    private readonly records: ExecutionRecords,
    @InjectRepository(ExecutionEventEntity) private readonly events: Repository<ExecutionEventEntity>,
    private readonly flows: FlowsService,
    private readonly dispatcher: FlowDispatcher,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
  ) {}

  /** Newest first; 404 when the flow does not exist. */
  async listForFlow(flowId: string, status: ExecutionStatus | undefined, page: Page): Promise<{ items: ExecutionResponse[]; total: number }> {
    const flow = await this.flows.get(flowId);
    const [rows, total] = await this.records.executions.findAndCount({
      where: { flow_id: flowId, status },
      order: { created_at: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map((e) => toExecutionResponse(e, flow.name)), total };
  }

  async get(id: string): Promise<ExecutionResponse> {
    const execution = await this.find(id);
    return toExecutionResponse(execution, await this.flowName(execution.flow_id));
  }

  async detail(id: string): Promise<ExecutionDetailResponse> {
    const execution = await this.get(id);
    const jobs = await this.records.jobsOf(id);
    return { ...execution, jobs: jobs.map(({ execution: _e, repository_id: _r, dispatch_order: _o, ...job }) => job) };
  }

  /** The job log, oldest first. */
  async eventsOf(id: string, page: Page): Promise<{ items: ExecutionEventResponse[]; total: number }> {
    await this.find(id);
    await this.log.flush();
    const [items, total] = await this.events.findAndCount({
      where: { execution_id: id },
      order: { at: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: items.map(({ execution: _e, ...event }) => event), total };
  }

  /** Queued VMs are never started; started backups are still followed; the run ends cancelled. */
  async cancel(id: string): Promise<ExecutionResponse> {
    const execution = await this.find(id);
    const plan: ExecutionPlan = { ...((execution.execution_metadata ?? {}) as ExecutionPlan), cancel_requested_at: new Date().toISOString() };
    const marked = await this.records.transition(id, ['running', 'pending'], execution.status, { execution_metadata: { ...plan } });
    if (!marked) throw new ApiError(HttpStatus.CONFLICT, `Execution ${id} has already finished (${execution.status})`);
    if (execution.status === 'pending') {
      // A buffered run that never started ends here and now.
      this.log.warn(execution, 'cancelled', 'Cancelled before it started');
      await this.finisher.finish(execution, { cancelled: true });
      return this.get(id);
    }
    const cancelled = await this.records.cancelQueuedJobs(id);
    this.log.warn(execution, 'cancelled', `Cancel requested: ${cancelled} queued VM(s) will not start`, { cancelled_jobs: cancelled });
    this.dispatcher.cancel(id);
    return this.get(id);
  }

  private async find(id: string): Promise<FlowExecutionEntity> {
    const execution = await this.records.executions.findOneBy({ id });
    if (!execution) throw notFound('Execution', id);
    return execution;
  }

  private async flowName(flowId: string): Promise<string | null> {
    try {
      return (await this.flows.get(flowId)).name;
    } catch {
      return null;
    }
  }
}
