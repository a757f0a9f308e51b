import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { ApiError, FieldProblem } from '../common/api-error';
import { DomainEvents } from '../events/domain-events';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { FlowDispatcher } from './dispatch/flow-dispatcher.service';
import { ExecutionLog } from './execution-log';
import { initialMetadata } from './execution-metadata';
import { ExecutionRepository } from './execution.repository';
import { ExecutionType, FlowExecutionEntity } from './flow-execution.entity';
import { ReplicaLease } from './dispatch/replica-lease';
import { busy, PreflightProblem, RunPreflight } from './run-preflight.service';

export interface LaunchRequest {
  flowId: string;
  executionType: ExecutionType;
  triggeredBy: string;
  scheduleExecutionId?: string | null;
  /** When the flow is running: create the execution `pending`, to start when the running one ends. */
  bufferIfBusy?: boolean;
  /** The API call that asked for the run: its id goes on the run's first log line. */
  requestId?: string;
  /** A retry: the run it retries and the VMs to run again (only those). */
  retryOf?: { executionId: string; vmContextIds: string[] };
  /** Already read by the caller; `problems` from checkMany, so a batch of launches checks its records once. */
  preloaded?: { flow: ProtectionFlowEntity; schedule: ScheduleEntity | null; problems?: PreflightProblem[] };
}

/** The flow is running and the request could not be buffered (or was not to be). */
export class FlowBusyError extends ApiError {
  constructor(message: string, details: FieldProblem[] = []) {
    super(HttpStatus.CONFLICT, message, details);
  }
}

/**
 * Starts a run: refuses what cannot run (RunPreflight), records the execution and the flow's
 * statistics in one transaction, answers at once, and leaves the VMs to the dispatcher.
 */
@Injectable()
export class ExecutionLauncher {
  constructor(
    private readonly flows: FlowsService,
    private readonly preflight: RunPreflight,
    private readonly executions: ExecutionRepository,
    private readonly lease: ReplicaLease,
    private readonly dispatcher: FlowDispatcher,
    private readonly log: ExecutionLog,
    private readonly events: DomainEvents,
  ) {}

  /** What stops each of these flows from running, with one lookup per kind of record for all of them. */
  checkMany(flows: ProtectionFlowEntity[]): Promise<Map<string, PreflightProblem[]>> {
    return this.preflight.problemsOfMany(flows);
  }

  async launch(request: LaunchRequest): Promise<{ execution: FlowExecutionEntity; flow: ProtectionFlowEntity }> {
    const flow = request.preloaded?.flow ?? (await this.flows.get(request.flowId));
    this.preflight.refuseIfAny(request.preloaded?.problems ?? (await this.preflight.problems(flow)));
    const schedule = request.executionType !== 'scheduled' ? null : request.preloaded ? request.preloaded.schedule : await this.flows.scheduleOf(flow);
    const now = new Date();
    const execution = this.executions.create({
      id: randomUUID(),
      flow_id: flow.id,
      status: 'running',
      execution_type: request.executionType,
      started_at: now,
      created_at: now,
      triggered_by: request.triggeredBy,
      schedule_execution_id: request.scheduleExecutionId ?? null,
      execution_metadata: {
        ...initialMetadata({ attempts: schedule?.retry_attempts ?? 0, delayMinutes: schedule?.retry_delay_minutes ?? 0 }),
        ...(request.retryOf ? { only_vm_context_ids: request.retryOf.vmContextIds } : {}),
      },
      retry_of_execution_id: request.retryOf?.executionId ?? null,
      created_job_ids: [],
      ...this.lease.claim(now),
    });
    if (!(await this.executions.insertClaimingFlow(execution))) {
      if (request.bufferIfBusy) return { execution: await this.buffer(execution, flow.name, request.requestId), flow };
      const running = await this.executions.runningOf(execution.flow_id);
      const problem = busy(flow.name, running?.id ?? 'unknown');
      throw new FlowBusyError(problem.message, problem.details);
    }
    const byRequest = request.requestId ? { request_id: request.requestId } : {};
    const message = `Execution started (${request.executionType}) by ${request.triggeredBy}`;
    await this.dispatcher.begin(execution, { reason: 'launched', message, fields: { flow_name: flow.name, ...byRequest } });
    return { execution, flow };
  }

  /** Keeps at most one pending execution per flow; it starts when the running one ends. */
  private async buffer(execution: FlowExecutionEntity, flowName: string, requestId?: string): Promise<FlowExecutionEntity> {
    if (await this.executions.pendingOf(execution.flow_id))
      throw new FlowBusyError(`Protection flow "${flowName}" is running and already has a run waiting to start after it`);
    Object.assign(execution, { status: 'pending', started_at: null, owner_id: null, lease_expires_at: null });
    await this.executions.insert(execution);
    this.log.info(execution, 'buffered', 'The flow is still running; this execution starts when that run ends', requestId ? { request_id: requestId } : {});
    await this.events.emit('execution.started', {
      execution_id: execution.id,
      flow_id: execution.flow_id,
      execution_type: execution.execution_type,
      status: 'pending',
    });
    return execution;
  }
}
