import { Injectable } from '@nestjs/common';
import { SchedulesService } from '../catalog/schedules.service';
import { DomainEvents, DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { FlowRepository } from './flow.repository';
import { nextExecutionTime } from './flow-timing';

/** How flows follow a schedule's edit: their next run times move with it. */
@Injectable()
export class FlowCatalogReactions {
  constructor(
    private readonly flows: FlowRepository,
    private readonly schedules: SchedulesService,
    private readonly events: DomainEvents,
  ) {}

  /** Recomputes next_execution_time for the schedule's flows (one update per distinct value), before the edit's answer. */
  @OnDomainEvent('catalog.schedule-changed', { awaited: true })
  async afterScheduleChange({ schedule_id }: DomainEventMap['catalog.schedule-changed']): Promise<void> {
    const flows = await this.flows.timingOfScheduleUsers(schedule_id);
    if (flows.length === 0) return;
    const [schedule] = await this.schedules.findMany([schedule_id]);
    await this.flows.setNextExecutions(flows.map((flow) => ({ flowId: flow.id, next: nextExecutionTime(flow, schedule) })));
    await this.events.emit('flows.changed', { flow_ids: flows.map((f) => f.id), change: 'updated', fields: { schedule_id } });
  }
}
