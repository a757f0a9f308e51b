import { Injectable } from '@nestjs/common';
import { SchedulesService } from '../catalog/schedules.service';
import { conflict } from '../common/api-error';
import { DomainEvents, DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { FlowRepository } from './flow.repository';
import { nextExecutionTime } from './flow-timing';

/** How flows follow the catalog: a flow's target cannot be deleted; schedule edits move next run times. */
@Injectable()
export class FlowCatalogReactions {
  constructor(
    private readonly flows: FlowRepository,
    private readonly schedules: SchedulesService,
    private readonly events: DomainEvents,
  ) {}

  /** A VM or group that a flow targets cannot go (409 naming the flows); a deleted schedule leaves its flows unscheduled. */
  @OnDomainEvent('catalog.deleting')
  async beforeCatalogDelete({ kind, id }: DomainEventMap['catalog.deleting']): Promise<void> {
    if (kind === 'schedule') {
      const ids = await this.flows.detachSchedule(id);
      await this.events.emit('flows.changed', { flow_ids: ids, change: 'updated', fields: { schedule_id: null, next_execution_time: null } });
      return;
    }
    const users = await this.flows.targetUsers(kind, id);
    if (users.length === 0) return;
    const what = kind === 'vm' ? `VM context ${id}` : `Protection group ${id}`;
    throw conflict(`${what} is the target of protection flows: ${users.map((f) => `"${f.name}" (${f.id})`).join(', ')}; delete or retarget them first`);
  }

  /** Recomputes next_execution_time for the schedule's flows: one update per distinct value. */
  @OnDomainEvent('catalog.schedule-changed')
  async afterScheduleChange({ schedule_id }: DomainEventMap['catalog.schedule-changed']): Promise<void> {
    const flows = await this.flows.timingOfScheduleUsers(schedule_id);
    if (flows.length === 0) return;
    const [schedule] = await this.schedules.findMany([schedule_id]);
    await this.flows.setNextExecutions(flows.map((flow) => ({ flowId: flow.id, next: nextExecutionTime(flow, schedule) })));
    await this.events.emit('flows.changed', { flow_ids: flows.map((f) => f.id), change: 'updated', fields: { schedule_id } });
  }
}
