import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { FlowsService } from '../flows/flows.service';
import { ExecutionResponse } from './dto/execution.dto';
import { ExecutionStatus, FlowExecutionEntity } from './flow-execution.entity';

export function toExecutionResponse(execution: FlowExecutionEntity, flowName: string | null): ExecutionResponse {
  const { flow: _flow, schedule_execution: _scheduleExecution, ...columns } = execution;
  return { ...columns, flow_name: flowName, created_job_ids: execution.created_job_ids ?? [] };
}

/** Reads of a flow's execution history. */
@Injectable()
export class ExecutionsService {
  constructor(
    @InjectRepository(FlowExecutionEntity) private readonly executions: Repository<FlowExecutionEntity>,
    private readonly flows: FlowsService,
  ) {}

  /** Newest first; 404 when the flow does not exist. */
  async listForFlow(flowId: string, status: ExecutionStatus | undefined, page: Page): Promise<{ items: ExecutionResponse[]; total: number }> {
    const flow = await this.flows.get(flowId);
    const [rows, total] = await this.executions.findAndCount({
      where: { flow_id: flowId, status },
      order: { created_at: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items: rows.map((e) => toExecutionResponse(e, flow.name)), total };
  }
}
