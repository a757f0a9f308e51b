import { Injectable } from '@nestjs/common';
import { SchedulesService } from '../catalog/schedules.service';
import { inUseBy, namesForSentence, RecordRef } from '../common/api-error';
import { DomainEvents, DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { FlowRepository } from './flow.repository';
import { nextExecutionTime } from './flow-timing';

type Deleting = DomainEventMap['catalog.deleting'];

/** " by alice" when the request said who (X-Actor). */
const by = (actor: string) => (actor === 'system' ? '' : ` by ${actor}`);

const flowsPhrase = (count: number) => (count === 1 ? '1 protection flow' : `${count} protection flows`);

/** What each flow says after losing the record, and what changes in it. */
const DETACH = {
  schedule: {
    notice: (name: string, actor: string) =>
      `Unscheduled: its schedule "${name}" was deleted${by(actor)}; it runs on demand only until it gets a schedule again`,
    fields: { schedule_id: null, next_execution_time: null },
    instead: 'leave them to run on demand only',
  },
  policy: {
    notice: (name: string, actor: string) =>
      `Its retention policy "${name}" was deleted${by(actor)}; its backups keep the repository's own retention until it gets a policy again`,
    fields: { policy_id: null },
    instead: 'remove it from them',
  },
} as const;

/** How flows follow the catalog: a flow's target cannot be deleted, nor a schedule or policy in use unless detached; schedule edits move next run times. */
@Injectable()
export class FlowCatalogReactions {
  constructor(
    private readonly flows: FlowRepository,
    private readonly schedules: SchedulesService,
    private readonly events: DomainEvents,
  ) {}

  /** A VM or group that a flow targets cannot go (409 naming the flows); a schedule or policy in use goes only with detach. */
  @OnDomainEvent('catalog.deleting')
  async beforeCatalogDelete(event: Deleting): Promise<void> {
    if (event.kind === 'schedule' || event.kind === 'policy') return this.detachOrRefuse({ ...event, kind: event.kind });
    const users = toRefs(await this.flows.targetUsers(event.kind, event.id));
    if (users.length === 0) return;
    const what = event.kind === 'vm' ? `VM "${event.name}"` : `Protection group "${event.name}"`;
    throw inUseBy(
      `${what} is the target of ${flowsPhrase(users.length)}: ${namesForSentence(users.map((u) => u.name))}; delete them or give them another target first`,
      'protection_flows',
      users,
    );
  }

  private async detachOrRefuse({ kind, id, name, detach, actor }: Deleting & { kind: 'schedule' | 'policy' }): Promise<void> {
    const users = toRefs(await this.flows.usersOf(kind, id));
    if (users.length === 0) return;
    const rule = DETACH[kind];
    if (!detach) {
      const noun = kind === 'schedule' ? 'Schedule' : 'Policy';
      throw inUseBy(
        `${noun} "${name}" is used by ${flowsPhrase(users.length)}: ${namesForSentence(users.map((u) => u.name))}; give them another ${kind} first, or delete it with detach to ${rule.instead}`,
        'protection_flows',
        users,
      );
    }
    const notice = rule.notice(name, actor);
    const ids = await this.flows.detach(kind, id, notice);
    await this.events.emit('flows.changed', { flow_ids: ids, change: 'updated', fields: { ...rule.fields, notice } });
    await this.events.emit('flows.detached', { flow_ids: ids, kind, name, notice });
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

function toRefs(flows: Array<{ id: string; name: string }>): RecordRef[] {
  return flows.map((f) => ({ kind: 'protection_flow', id: f.id, name: f.name }));
}
