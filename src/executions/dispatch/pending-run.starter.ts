import { Injectable } from '@nestjs/common';
import { DomainEventMap, DomainEvents, OnDomainEvent } from '../../events/domain-events';
import { FlowsService } from '../../flows/flows.service';
import { FlowDispatcher } from './flow-dispatcher.service';
import { ExecutionLog } from '../execution-log';
import { ExecutionRepository } from '../execution.repository';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { ReplicaLease } from './replica-lease';
import { RunPreflight } from '../run-preflight.service';

/**
 * Buffered runs: a flow's pending execution starts when its running one ends — or is dropped, with
 * the reason recorded, when the flow was disabled or deleted (or can no longer run) before that.
 */
@Injectable()
export class PendingRunStarter {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly flows: FlowsService,
    private readonly preflight: RunPreflight,
    private readonly lease: ReplicaLease,
    private readonly dispatcher: FlowDispatcher,
    private readonly log: ExecutionLog,
    private readonly events: DomainEvents,
  ) {}

  @OnDomainEvent('execution.finished')
  async afterRunFinished({ flow_id }: DomainEventMap['execution.finished']): Promise<void> {
    await this.promote(flow_id);
  }

  /** A disabled or deleted flow's buffered run is dropped at once. */
  @OnDomainEvent('flows.changed', { awaited: true })
  async afterFlowsChanged({ flow_ids }: DomainEventMap['flows.changed']): Promise<void> {
    const pending = await this.executions.pendingOfFlows(flow_ids);
    if (pending.length === 0) return;
    const flows = new Map((await this.flows.findMany(pending.map((p) => p.flow_id))).map((f) => [f.id, f]));
    for (const execution of pending) {
      const flow = flows.get(execution.flow_id);
      if (!flow) await this.drop(execution, 'the flow was deleted');
      else if (!flow.enabled) await this.drop(execution, 'the flow was disabled');
    }
  }

  /** Starts the flow's pending execution, if any, once nothing else runs for the flow. */
  async promote(flowId: string): Promise<void> {
    const pending = await this.executions.pendingOf(flowId);
    if (!pending) return;
    const [flow] = await this.flows.findMany([flowId]);
    const problems = flow ? await this.preflight.problems(flow) : [];
    if (!flow || problems.length > 0) return this.drop(pending, flow ? problems[0].message : 'the flow was deleted');
    const now = new Date();
    const patch = { started_at: now, ...this.lease.claim(now) };
    if (!(await this.executions.promotePending(pending.id, flowId, patch, now))) return;
    Object.assign(pending, patch, { status: 'running' });
    await this.dispatcher.begin(pending, { reason: 'promoted', message: 'Buffered execution started after the previous run ended' });
  }

  private async drop(execution: FlowExecutionEntity, reason: string): Promise<void> {
    const message = `Dropped before it started: ${reason}`;
    const dropped = await this.executions.transition(execution.id, ['pending'], 'cancelled', { completed_at: new Date(), error_message: message });
    if (!dropped) return;
    this.log.warn(execution, 'dropped', message);
    await this.log.flush();
    await this.events.emit('execution.finished', {
      execution_id: execution.id,
      flow_id: execution.flow_id,
      outcome: 'cancelled',
      execution_type: execution.execution_type,
      previous_outcome: null,
    });
  }
}
