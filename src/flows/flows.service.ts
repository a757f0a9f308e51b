import { Injectable } from '@nestjs/common';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { badRequest, conflict, errorSentence } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { IdRange } from '../database/id-ranges';
import { RecordNotFoundError } from '../database/record-errors';
import { applyPatch } from '../common/patch';
import { DeletionChecks } from '../events/deletion-checks';
import { DomainEvents } from '../events/domain-events';
import { CreateFlowRequest, UpdateFlowRequest } from './dto/flow.dto';
import { BulkFlowsRequest, BulkFlowsResponse, FlowFilters, MAX_BULK_MATCH } from './dto/flow-list.dto';
import { FlowOrder } from './flow-list-order';
import { FlowResponse, FlowStatusResponse } from './dto/flow-response.dto';
import { byNextRun, FlowRepository, ScheduledFlow } from './flow.repository';
import { FlowRules } from './flow-rules.service';
import { nextExecutionTime, overdueBefore, upcomingRuns } from './flow-timing';
import { FlowReadRepository } from './flow-read.repository';
import { flowStatusOf, FlowViewBuilder, toFlowResponse } from './flow-view.builder';
import { ProtectionFlowEntity, TargetType } from './protection-flow.entity';

export type BulkAction = BulkFlowsResponse['action'];

/** Protection flows: their definition, validation, enabled state and next run time. */
@Injectable()
export class FlowsService {
  constructor(
    private readonly flows: FlowRepository,
    private readonly reads: FlowReadRepository,
    private readonly rules: FlowRules,
    private readonly views: FlowViewBuilder,
    private readonly schedules: SchedulesService,
    private readonly events: DomainEvents,
    private readonly deletionChecks: DeletionChecks,
  ) {}

  get(id: string): Promise<ProtectionFlowEntity> {
    return this.flows.get(id);
  }

  /** The flow with the names it points at, in one query. */
  async view(id: string): Promise<FlowResponse> {
    const { flow, names } = await this.reads.one(id);
    return toFlowResponse(flow, names);
  }

  /** The flow's run statistics with its next five scheduled times. */
  async statusWithNextRuns(id: string): Promise<FlowStatusResponse> {
    const flow = await this.flows.get(id);
    const runs = upcomingRuns(flow, await this.scheduleOf(flow), 5);
    return { ...flowStatusOf(flow), next_runs: runs.map((d) => d.toISOString()) };
  }

  /** A page of flows with their names: one query for the rows, one for the total. */
  async list(filters: FlowFilters, order: FlowOrder, page: Page): Promise<{ items: FlowResponse[]; total: number; next_cursor: string | null }> {
    const { items, total, next_cursor } = await this.reads.page(filters, order, page);
    return { items: items.map(({ flow, names }) => toFlowResponse(flow, names)), total, next_cursor };
  }

  /** The flow the request would create, validated like a create (400/422) but not stored. */
  async draft(dto: CreateFlowRequest): Promise<ProtectionFlowEntity> {
    const flow = this.flows.create({ ...dto, enabled: dto.enabled ?? true });
    await this.rules.check(flow);
    return flow;
  }

  async create(dto: CreateFlowRequest, actor: string): Promise<FlowResponse> {
    const flow = this.flows.create({ ...dto, enabled: dto.enabled ?? true, created_by: actor });
    const saved = await this.validateAndSave(flow);
    await this.events.emit('flows.changed', { flow_ids: [saved.id], change: 'created', fields: { name: saved.name } });
    return this.views.one(saved);
  }

  async update(id: string, dto: UpdateFlowRequest): Promise<FlowResponse> {
    const flow = await this.flows.get(id);
    applyPatch(flow, dto);
    // Given a schedule or policy again, the flow's notice about losing one has been seen to.
    if (flow.notice && (dto.schedule_id || dto.policy_id)) Object.assign(flow, { notice: null, notice_at: null });
    const saved = await this.validateAndSave(flow);
    await this.events.emit('flows.changed', { flow_ids: [id], change: 'updated', fields: { ...dto, next_execution_time: saved.next_execution_time } });
    return this.views.one(saved);
  }

  async setEnabled(id: string, enabled: boolean): Promise<FlowResponse> {
    const flow = await this.flows.get(id);
    flow.enabled = enabled;
    flow.next_execution_time = nextExecutionTime(flow, await this.scheduleOf(flow));
    const saved = await this.flows.save(flow, `A protection flow named "${flow.name}" already exists`);
    await this.events.emit('flows.changed', { flow_ids: [id], change: 'updated', fields: { enabled, next_execution_time: saved.next_execution_time } });
    return this.views.one(saved);
  }

  /** Refused (409) while the flow has a running or pending execution: no backup is left untracked. */
  async delete(id: string): Promise<void> {
    const flow = await this.flows.get(id);
    await this.deletionChecks.before('flow', { id, name: flow.name });
    const result = await this.flows.deleteUnlessRunning(id);
    if (result === 'running') throw conflict(`Protection flow "${flow.name}" started a run meanwhile; cancel that execution first`);
    await this.events.emit('flows.changed', { flow_ids: [id], change: 'deleted' });
  }

  /** One action on the flows chosen by id or by `match`; each flow's failure is reported by name, the rest go ahead. */
  async bulk(action: BulkAction, request: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    const flows = await this.bulkTargets(request);
    const errors: BulkFlowsResponse['errors'] = [];
    if (action === 'delete') {
      for (const { id, name } of flows) await this.delete(id).catch((err: unknown) => errors.push({ flow_id: id, flow_name: name, error: errorSentence(err) }));
    } else {
      const found = await this.setEnabledMany(
        flows.map((flow) => flow.id),
        action === 'enable',
      );
      for (const { id, name } of flows)
        if (!found.has(id)) errors.push({ flow_id: id, flow_name: name, error: new RecordNotFoundError('Protection flow', id).message });
    }
    return { action, requested: flows.length, successful: flows.length - errors.length, failed: errors.length, errors };
  }

  /** Enables or disables many flows in a few statements, announced once per next run time; answers the ids found. */
  private async setEnabledMany(ids: string[], enabled: boolean): Promise<Set<string>> {
    const flows: ProtectionFlowEntity[] = [];
    for (let i = 0; i < ids.length; i += 1000) flows.push(...(await this.flows.findMany(ids.slice(i, i + 1000))));
    const scheduleIds = [...new Set(flows.map((flow) => flow.schedule_id).filter((id): id is string => id !== null))];
    const schedules = new Map((await this.schedules.findMany(scheduleIds)).map((schedule) => [schedule.id, schedule]));
    // Flows on one schedule share their next run time: computed once per schedule.
    const nextBySchedule = new Map<string | null, Date | null>();
    const nextOf = (scheduleId: string | null) => {
      if (!nextBySchedule.has(scheduleId)) nextBySchedule.set(scheduleId, nextExecutionTime({ enabled }, scheduleId ? schedules.get(scheduleId) : null));
      return nextBySchedule.get(scheduleId) ?? null;
    };
    const entries = flows.map((flow) => ({ flowId: flow.id, next: nextOf(flow.schedule_id) }));
    await this.flows.setEnabledMany(entries, enabled);
    for (const [next, flowIds] of byNextRun(entries)) {
      await this.events.emit('flows.changed', { flow_ids: flowIds, change: 'updated', fields: { enabled, next_execution_time: next } });
    }
    return new Set(flows.map((flow) => flow.id));
  }

  private async bulkTargets(request: BulkFlowsRequest): Promise<Array<{ id: string; name: string | null }>> {
    if (request.match !== undefined && request.flow_ids !== undefined) throw badRequest('Give either flow_ids or match, not both');
    if (request.match === undefined) {
      const ids = [...new Set(request.flow_ids ?? [])];
      const names = new Map((await this.flows.findMany(ids)).map((flow) => [flow.id, flow.name]));
      return ids.map((id) => ({ id, name: names.get(id) ?? null }));
    }
    const found = await this.reads.idsMatching(request.match, MAX_BULK_MATCH + 1);
    if (found.length > MAX_BULK_MATCH)
      throw badRequest(`These filters select more than ${MAX_BULK_MATCH.toLocaleString('en')} flows; narrow them down and act on each part`);
    return found;
  }

  /** Records the flows' next run times (one statement per distinct time). */
  setNextExecutions(entries: Array<{ flowId: string; next: Date | null }>): Promise<void> {
    return this.flows.setNextExecutions(entries);
  }

  /** Flows by id in one query (unknown ids are left out). */
  findMany(ids: string[]): Promise<ProtectionFlowEntity[]> {
    return this.flows.findMany(ids);
  }

  scheduledFlowsAfter(afterId: string | null, limit: number, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.flows.scheduledFlowsAfter(afterId, limit, ranges);
  }

  flowsChangedSince(since: Date, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.flows.flowsChangedSince(since, ranges);
  }

  usersOfSchedules(scheduleIds: string[], ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.flows.usersOfSchedules(scheduleIds, ranges);
  }

  scheduledFlowsBehind(before: Date, ranges: readonly IdRange[]): Promise<ScheduledFlow[]> {
    return this.flows.scheduledFlowsBehind(before, ranges);
  }

  countScheduled(scheduleIds: string[], ranges: readonly IdRange[]): Promise<number> {
    return this.flows.countScheduled(scheduleIds, ranges);
  }

  /** Which of these VM contexts or groups flows target, and which repositories they use (a catalog sync keeps those). */
  targetsAmong(targetType: TargetType, ids: string[]): Promise<Set<string>> {
    return this.flows.targetsAmong(targetType, ids);
  }

  repositoriesAmong(ids: number[]): Promise<Set<number>> {
    return this.flows.repositoriesAmong(ids);
  }

  /** Enabled flows whose due occurrence has had no outcome for longer than the grace period (no replica fired it). */
  countOverdue(): Promise<number> {
    return this.flows.countOverdue(overdueBefore());
  }

  async scheduleOf(flow: Pick<ProtectionFlowEntity, 'schedule_id'>): Promise<ScheduleEntity | null> {
    return flow.schedule_id ? ((await this.schedules.findMany([flow.schedule_id]))[0] ?? null) : null;
  }

  private async validateAndSave(flow: ProtectionFlowEntity): Promise<ProtectionFlowEntity> {
    const schedule = await this.rules.check(flow);
    flow.next_execution_time = nextExecutionTime(flow, schedule);
    return this.flows.save(flow, `A protection flow named "${flow.name}" already exists`);
  }
}
