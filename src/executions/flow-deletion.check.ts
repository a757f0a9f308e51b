import { Injectable } from '@nestjs/common';
import { conflict } from '../common/api-error';
import { DeletionCheck, DeletionCheckMap } from '../events/deletion-checks';
import { ExecutionRepository } from './execution.repository';

/** A flow with a running or pending execution cannot be deleted: its backups would be left untracked. */
@Injectable()
export class FlowDeletionCheck {
  constructor(private readonly executions: ExecutionRepository) {}

  @DeletionCheck('flow')
  async beforeFlowDelete({ id, name }: DeletionCheckMap['flow']): Promise<void> {
    const [active] = await this.executions.activeOf(id);
    if (active) throw conflict(`Protection flow "${name}" has a ${active.status} execution (${active.id}); cancel it before deleting the flow`);
  }
}
