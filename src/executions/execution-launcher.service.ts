import { HttpStatus, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ApiError, conflict } from '../common/api-error';
import { Transactions } from '../database/transactions';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { ExecutionResponse } from './dto/execution.dto';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionLeases } from './execution-leases.service';
import { ExecutionLog } from './execution-log';
import { ExecutionRecords } from './execution-records';
import { toExecutionResponse } from './executions.service';
import { ExecutionType, FlowExecutionEntity } from './flow-execution.entity';
import { ExecutionPlan, FlowDispatcher } from './flow-dispatcher.service';

export interface LaunchRequest {
  flowId: string;
  executionType: ExecutionType;
  triggeredBy: string;
  scheduleExecutionId?: string | null;
  /** When the flow is running: create the execution `pending`, to start when the running one ends. */
  bufferIfBusy?: boolean;
  /** The flow and its schedule, when the caller has just read them (the scheduler does). */
  preloaded?: { flow: ProtectionFlowEntity; schedule: ScheduleEntity | null };
}

/** The flow is running and the request could not be buffered (or was not to be). */
export class FlowBusyError extends ApiError {
  constructor(message: string) {
    super(HttpStatus.CONFLICT, message);
  }
}

class FlowBusy extends Error {}

/**
 * Starts a run: refuses what cannot run, records the execution and the flow's statistics in one
 * transaction, answers at once, and leaves the VMs to the dispatcher in the background.
 */
@Injectable()
export class ExecutionLauncher implements OnModuleInit {
  private readonly logger = new Logger('ExecutionLauncher');

  constructor(
    private readonly flows: FlowsService,
    private readonly records: ExecutionRecords,
    private readonly transactions: Transactions,
    private readonly leases: ExecutionLeases,
    private readonly dispatcher: FlowDispatcher,
    private readonly log: ExecutionLog,
    private readonly finisher: ExecutionFinisher,
  ) {}

  onModuleInit(): void {
    this.finisher.onFinished((flowId) => this.promotePending(flowId));
    this.leases.pendingStarter = (flowId) => this.promotePending(flowId);
  }

  async launch(request: LaunchRequest): Promise<ExecutionResponse> {
    const flow = request.preloaded?.flow ?? (await this.flows.get(request.flowId));
    if (flow.flow_type === 'replication') {
      throw conflict('replication flows need a replication backend, which this engine does not have yet');
    }
    if (!flow.enabled) throw conflict(`Protection flow "${flow.name}" is disabled; enable it before running it`);
    const schedule = request.executionType !== 'scheduled' ? null : request.preloaded ? request.preloaded.schedule : await this.flows.scheduleOf(flow);
    const now = new Date();
    const plan: ExecutionPlan = {
      jobs_resolved: false,
      retry_attempts: schedule?.retry_attempts ?? 0,
      retry_delay_minutes: schedule?.retry_delay_minutes ?? 0,
    };
    const execution = this.records.executions.create({
      id: randomUUID(),
      flow_id: flow.id,
      status: 'running',
      execution_type: request.executionType,
      started_at: now,
      created_at: now,
      triggered_by: request.triggeredBy,
      schedule_execution_id: request.scheduleExecutionId ?? null,
      execution_metadata: { ...plan },
      created_job_ids: [],
      owner_id: this.leases.ownerId,
      lease_expires_at: this.leases.leaseUntil(),
    });
    try {
      await this.record(execution, now);
    } catch (err) {
      if (!(err instanceof FlowBusy)) throw err;
      if (request.bufferIfBusy) return toExecutionResponse(await this.buffer(execution), flow.name);
      const running = await this.records.runningExecutionOf(execution.flow_id);
      throw new FlowBusyError(running ? `The flow already has a running execution: ${running.id}` : 'The flow already has a running execution');
    }
    this.log.info(execution, 'started', `Execution started (${request.executionType}) by ${request.triggeredBy}`, { flow_name: flow.name });
    setImmediate(() => void this.dispatcher.drive(execution));
    return toExecutionResponse(execution, flow.name);
  }

  private async record(execution: FlowExecutionEntity, now: Date): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (!(await this.flows.claimRun(manager, execution.flow_id, execution.id, now))) throw new FlowBusy();
      // A plain insert: the row is new, and save() would first look it up.
      await manager.getRepository(FlowExecutionEntity).insert(execution as QueryDeepPartialEntity<FlowExecutionEntity>);
    });
  }

  /** Keeps at most one pending execution per flow; it starts when the running one ends. */
  private async buffer(execution: FlowExecutionEntity): Promise<FlowExecutionEntity> {
    if (await this.records.pendingExecutionOf(execution.flow_id)) {
      throw new FlowBusyError('The flow is running and already has a pending execution');
    }
    Object.assign(execution, { status: 'pending', started_at: null, owner_id: null, lease_expires_at: null });
    await this.records.executions.insert(execution as QueryDeepPartialEntity<FlowExecutionEntity>);
    this.log.info(execution, 'buffered', 'The flow is still running; this execution starts when that run ends');
    return execution;
  }

  /** Starts the flow's pending execution, if any, once nothing else runs for the flow. */
  async promotePending(flowId: string): Promise<void> {
    const pending = await this.records.pendingExecutionOf(flowId);
    if (!pending) return;
    const now = new Date();
    const promoted = await this.transactions
      .run(async (manager) => {
        if (!(await this.flows.claimRun(manager, flowId, pending.id, now))) return false;
        const patch = { started_at: now, owner_id: this.leases.ownerId, lease_expires_at: this.leases.leaseUntil() };
        if (!(await this.records.transition(pending.id, ['pending'], 'running', patch, manager))) throw new FlowBusy();
        Object.assign(pending, patch, { status: 'running' });
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof FlowBusy) return false;
        throw err;
      });
    if (!promoted) return;
    this.log.info(pending, 'started', 'Buffered execution started after the previous run ended');
    setImmediate(() => void this.dispatcher.drive(pending));
  }
}
