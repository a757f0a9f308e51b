import { Injectable } from '@nestjs/common';
import { inUseBy, namesForSentence, RecordRef } from '../common/api-error';
import { DeletionCheck, DeletionCheckMap } from '../events/deletion-checks';
import { DomainEvents } from '../events/domain-events';
import { FlowRepository } from './flow.repository';

type Detachable = DeletionCheckMap['schedule'];

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

/**
 * Catalog records flows use, checked before they are deleted: a flow's target (VM or group) cannot
 * go (409 naming the flows); a schedule or policy in use goes only with detach, and then its flows
 * let go of it first, each recording a notice.
 */
@Injectable()
export class CatalogUsageCheck {
  constructor(
    private readonly flows: FlowRepository,
    private readonly events: DomainEvents,
  ) {}

  @DeletionCheck('vm')
  async beforeVmDelete({ id, name }: DeletionCheckMap['vm']): Promise<void> {
    await this.refuseTargeted('vm', id, `VM "${name}"`);
  }

  @DeletionCheck('group')
  async beforeGroupDelete({ id, name }: DeletionCheckMap['group']): Promise<void> {
    await this.refuseTargeted('group', id, `Protection group "${name}"`);
  }

  @DeletionCheck('schedule')
  beforeScheduleDelete(schedule: Detachable): Promise<void> {
    return this.detachOrRefuse('schedule', schedule);
  }

  @DeletionCheck('policy')
  beforePolicyDelete(policy: DeletionCheckMap['policy']): Promise<void> {
    return this.detachOrRefuse('policy', policy);
  }

  @DeletionCheck('repository')
  async beforeRepositoryDelete({ id, name }: DeletionCheckMap['repository']): Promise<void> {
    const users = toRefs(await this.flows.usersOf('repository', String(id)));
    if (users.length === 0) return;
    throw inUseBy(
      `Repository "${name}" is used by ${flowsPhrase(users.length)}: ${namesForSentence(users.map((u) => u.name))}; give ${users.length === 1 ? 'it' : 'them'} another repository first`,
      'protection_flows',
      users,
    );
  }

  private async refuseTargeted(kind: 'vm' | 'group', id: string, what: string): Promise<void> {
    const users = toRefs(await this.flows.targetUsers(kind, id));
    if (users.length === 0) return;
    throw inUseBy(
      `${what} is the target of ${flowsPhrase(users.length)}: ${namesForSentence(users.map((u) => u.name))}; delete them or give them another target first`,
      'protection_flows',
      users,
    );
  }

  private async detachOrRefuse(kind: 'schedule' | 'policy', { id, name, detach, actor }: Detachable): Promise<void> {
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
}

function toRefs(flows: Array<{ id: string; name: string }>): RecordRef[] {
  return flows.map((f) => ({ kind: 'protection_flow', id: f.id, name: f.name }));
}
