import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsSelect, FindOptionsWhere, In, IsNull, LessThan, MoreThanOrEqual, Not, Repository } from 'typeorm';
import { CrudRepository } from '../database/crud.repository';
import { idConditions, IdRange } from '../database/id-ranges';
import { ProtectionFlowEntity, TargetType } from './protection-flow.entity';

export type FlowTiming = Pick<ProtectionFlowEntity, 'id' | 'enabled' | 'schedule_id'>;
export interface NextRun {
  flowId: string;
  next: Date | null;
}
const IN_LIST_CHUNK = 1000;

/** Flow ids grouped by their next run time (flows on one schedule share theirs). */
export function byNextRun(entries: NextRun[]): Map<Date | null, string[]> {
  const byTime = new Map<number | null, { next: Date | null; ids: string[] }>();
  for (const { flowId, next } of entries) {
    const key = next?.getTime() ?? null;
    const group = byTime.get(key);
    if (group) group.ids.push(flowId);
    else byTime.set(key, { next, ids: [flowId] });
  }
  return new Map([...byTime.values()].map(({ next, ids }) => [next, ids]));
}

export type ScheduledFlow = Pick<ProtectionFlowEntity, 'id' | 'schedule_id' | 'next_execution_time' | 'enabled'>;
const SCHEDULED_FLOW: FindOptionsSelect<ProtectionFlowEntity> = { id: true, schedule_id: true, next_execution_time: true, enabled: true };
/** The flows module's SQL: every read and write of protection_flows it makes. */
@Injectable()
export class FlowRepository extends CrudRepository<ProtectionFlowEntity> {
  constructor(@InjectRepository(ProtectionFlowEntity) private readonly flows: Repository<ProtectionFlowEntity>) {
    super(flows, 'Protection flow', 'id');
  }

  /** Flows by id in one query (unknown ids are left out). */
  findMany(ids: string[]): Promise<ProtectionFlowEntity[]> {
    return this.findByKeys(ids);
  }

  /**
   * Deletes the flow unless a run holds it: the status test and the delete are one statement, so
   * a run starting meanwhile either blocks the delete or never starts.
   */
  async deleteUnlessRunning(id: string): Promise<'deleted' | 'running' | 'missing'> {
    const result = await this.flows.createQueryBuilder().delete().where('id = :id AND last_execution_status <> :running', { id, running: 'running' }).execute();
    if ((result.affected ?? 0) > 0) return 'deleted';
    return (await this.exists(id)) ? 'running' : 'missing';
  }

  /** The flows' next run times: one statement per distinct time (flows on one schedule share theirs). */
  async setNextExecutions(entries: NextRun[]): Promise<void> {
    for (const [next, ids] of byNextRun(entries)) await this.flows.update({ id: In(ids) }, { next_execution_time: next });
  }

  /**
   * Enables or disables the flows with their new next run times in one transaction, one statement
   * per distinct time; updated_at is stamped so that the other replicas see the change.
   */
  async setEnabledMany(entries: NextRun[], enabled: boolean): Promise<void> {
    const updated_at = new Date();
    await this.flows.manager.transaction(async (manager) => {
      for (const [next, ids] of byNextRun(entries)) {
        for (let i = 0; i < ids.length; i += IN_LIST_CHUNK) {
          await manager.update(ProtectionFlowEntity, { id: In(ids.slice(i, i + IN_LIST_CHUNK)) }, { enabled, next_execution_time: next, updated_at });
        }
      }
    });
  }

  /** Enabled scheduled flows with ids in the ranges (this replica's shares), after `afterId`, in id order. */
  scheduledFlowsAfter(afterId: string | null, limit: number, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    const where = idConditions(ranges, afterId).map((id) => ({ enabled: true, schedule_id: Not(IsNull()), ...(id ? { id } : {}) }));
    if (where.length === 0) return Promise.resolve([]);
    return this.flows.find({ select: SCHEDULED_FLOW, where, order: { id: 'ASC' }, take: limit });
  }

  /** Flows in the ranges written since `since`, enabled or not (a disabled flow leaves the scheduler too). */
  flowsChangedSince(since: Date, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.scheduledIn(ranges, { updated_at: MoreThanOrEqual(since) });
  }

  usersOfSchedules(scheduleIds: string[], ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    if (scheduleIds.length === 0) return Promise.resolve([]);
    return this.scheduledIn(ranges, { schedule_id: In(scheduleIds) });
  }

  /** Enabled scheduled flows in the ranges whose next occurrence is before `before` (it passed and nobody fired it). */
  scheduledFlowsBehind(before: Date, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.scheduledIn(ranges, { enabled: true, schedule_id: Not(IsNull()), next_execution_time: LessThan(before) });
  }

  private scheduledIn(ranges: readonly IdRange[], where: FindOptionsWhere<ProtectionFlowEntity>): Promise<ScheduledFlow[]> {
    const inRanges = idConditions(ranges).map((id) => ({ ...where, ...(id ? { id } : {}) }));
    if (inRanges.length === 0) return Promise.resolve([]);
    return this.flows.find({ select: SCHEDULED_FLOW, where: inRanges });
  }

  /** How many enabled flows with ids in the ranges use one of the given schedules. */
  countScheduled(scheduleIds: string[], ranges: readonly IdRange[]): Promise<number> {
    const where = idConditions(ranges).map((id) => ({ enabled: true, schedule_id: In(scheduleIds), ...(id ? { id } : {}) }));
    if (scheduleIds.length === 0 || where.length === 0) return Promise.resolve(0);
    return this.flows.countBy(where);
  }

  /** Enabled flows whose next run time is before `before` (next_execution_time is null when a flow will not run on its own). */
  countOverdue(before: Date): Promise<number> {
    return this.flows.countBy({ enabled: true, next_execution_time: LessThan(before) });
  }

  timingOfScheduleUsers(scheduleId: string): Promise<FlowTiming[]> {
    return this.flows.find({ select: { id: true, enabled: true, schedule_id: true }, where: { schedule_id: scheduleId } });
  }

  /** Flows that use the schedule or the policy, by name. */
  usersOf(kind: 'schedule' | 'policy' | 'repository', id: string): Promise<Array<Pick<ProtectionFlowEntity, 'id' | 'name'>>> {
    const where = kind === 'schedule' ? { schedule_id: id } : kind === 'policy' ? { policy_id: Number(id) } : { repository_id: Number(id) };
    return this.flows.find({ select: { id: true, name: true }, where, order: { name: 'ASC' } });
  }

  /** The flows lose the schedule (and their next run) or the policy, and say so in their notice; returns their ids. */
  async detach(kind: 'schedule' | 'policy', id: string, notice: string): Promise<string[]> {
    const users = await this.usersOf(kind, id);
    const now = new Date();
    const said = { notice, notice_at: now, updated_at: now };
    if (kind === 'schedule') await this.flows.update({ schedule_id: id }, { schedule_id: null, next_execution_time: null, ...said });
    else await this.flows.update({ policy_id: Number(id) }, { policy_id: null, ...said });
    return users.map((f) => f.id);
  }

  /** Which of these VM contexts or groups flows target. */
  async targetsAmong(targetType: TargetType, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.flows.find({ select: { target_id: true }, where: { target_type: targetType, target_id: In(ids) } });
    return new Set(rows.map((r) => r.target_id));
  }

  /** Which of these repositories flows use. */
  async repositoriesAmong(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.flows.find({ select: { repository_id: true }, where: { repository_id: In(ids) } });
    return new Set(rows.map((r) => r.repository_id).filter((id): id is number => id !== null));
  }

  targetUsers(targetType: TargetType, targetId: string): Promise<Array<Pick<ProtectionFlowEntity, 'id' | 'name'>>> {
    return this.flows.find({ select: { id: true, name: true }, where: { target_type: targetType, target_id: targetId }, order: { name: 'ASC' } });
  }
}
