import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/api-error';
import { ExecutionLauncher } from './execution-launcher.service';
import { ACTIVE_EXECUTION_STATUSES } from './execution-states';
import { ExecutionRepository } from './execution.repository';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobRepository } from './job.repository';

/**
 * Runs again only the VMs of an ended run whose jobs failed or were cancelled: a new execution
 * (trigger `retry`, linked to the run it retries) under the same rules as Run now.
 */
@Injectable()
export class ExecutionRetry {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly jobs: JobRepository,
    private readonly launcher: ExecutionLauncher,
  ) {}

  async retry(id: string, triggeredBy: string, requestId?: string): Promise<{ execution: FlowExecutionEntity; flowName: string }> {
    const original = await this.executions.findById(id);
    if (!original) throw notFound('Execution', id);
    if (ACTIVE_EXECUTION_STATUSES.includes(original.status)) throw conflict('This execution is still running: retry its failed VMs once it has ended');
    const vmContextIds = await this.jobs.unfinishedVmsOf(id);
    if (vmContextIds.length === 0) throw conflict('Nothing to retry: no VM of this execution failed or was cancelled');
    const { execution, flow } = await this.launcher.launch({
      flowId: original.flow_id,
      executionType: 'retry',
      triggeredBy,
      requestId,
      retryOf: { executionId: id, vmContextIds },
    });
    return { execution, flowName: flow.name };
  }
}
