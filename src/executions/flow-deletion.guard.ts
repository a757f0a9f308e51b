import { Injectable } from '@nestjs/common';
import { conflict } from '../common/api-error';
import { DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { ExecutionRepository } from './execution.repository';

/** A flow with a running or pending execution cannot be deleted: its backups would be left untracked. */
@Injectable()
export class FlowDeletionGuard {
  constructor(private readonly executions: ExecutionRepository) {}

  @OnDomainEvent('flows.deleting')
  async beforeFlowDelete({ flow_id }: DomainEventMap['flows.deleting']): Promise<void> {
    const [active] = await this.executions.activeOf(flow_id);
    if (active) throw conflict(`The flow has a ${active.status} execution (${active.id}); cancel it before deleting the flow`);
  }
}
