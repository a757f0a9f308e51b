import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, IsNull, Not, Repository } from 'typeorm';
import { CatalogEvents, CatalogRecordKind } from '../catalog/catalog-events';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { conflict, errorSentence } from '../common/api-error';
import { containsText } from '../common/like';
import { Page } from '../common/pagination.dto';
import { EntityStore } from '../database/entity-store';
import { BulkFlowsResponse, CreateFlowRequest, FlowResponse, FlowSummaryResponse, ListFlowsQuery, UpdateFlowRequest } from './dto/flow.dto';
import { FlowEvents } from './flow-events';
import { OccurrenceStats } from './occurrence-stats.port';
import { FlowRules } from './flow-rules.service';
import { FlowRunStats } from './flow-run-stats.port';
import { nextExecutionTime } from './flow-timing';
import { FlowViewBuilder } from './flow-view.builder';
import { ProtectionFlowEntity } from './protection-flow.entity';
import { applyPatch } from '../common/patch';

export type FlowFilters = Omit<ListFlowsQuery, 'limit' | 'offset'>;
export type BulkAction = BulkFlowsResponse['action'];
export type RunOutcome = 'success' | 'warning' | 'error' | 'cancelled';

/** Protection flows: their definition, validation, enabled state and next run time. */
@Injectable()
export class FlowsService implements OnModuleInit {
  private readonly store: EntityStore<ProtectionFlowEntity>;

  constructor(
    @InjectRepository(ProtectionFlowEntity) private readonly flows: Repository<ProtectionFlowEntity>,
    private readonly rules: FlowRules,
    private readonly views: FlowViewBuilder,
    private readonly schedules: SchedulesService,
    private readonly catalogEvents: CatalogEvents,
    private readonly runStats: FlowRunStats,
    private readonly events: FlowEvents,
    private readonly occurrences: OccurrenceStats,
  ) {
    this.store = new EntityStore(flows, 'Protection flow', 'id');
  }

  onModuleInit(): void {
    this.catalogEvents.guardDeletion((kind, id) => this.onCatalogDelete(kind, id));
    this.catalogEvents.onScheduleChanged((scheduleId) => this.refreshNextExecution({ schedule_id: scheduleId }));
  }

  get(id: string): Promise<ProtectionFlowEntity> {
    return this.store.get(id);
  }

  async view(id: string): Promise<FlowResponse> {
    return this.views.one(await this.store.get(id));
  }

  async list(filters: FlowFilters, page: Page): Promise<{ items: FlowResponse[]; total: number }> {
    const where: FindOptionsWhere<ProtectionFlowEntity> = {
      flow_type: filters.flow_type,
      target_type: filters.target_type,
      enabled: filters.enabled,
      schedule_id: filters.schedule_id,
      name: filters.search ? containsText(filters.search) : undefined,
    };
    const { items, total } = await this.store.page({ where, order: { name: 'ASC' } }, page);
    return { items: await this.views.many(items), total };
  }

  async create(dto: CreateFlowRequest, actor: string): Promise<FlowResponse> {
    const flow = this.flows.create({ ...dto, enabled: dto.enabled ?? true, created_by: actor });
    return this.views.one(await this.validateAndSave(flow));
  }

  async update(id: string, dto: UpdateFlowRequest): Promise<FlowResponse> {
    const flow = await this.store.get(id);
    applyPatch(flow, dto);
    return this.views.one(await this.validateAndSave(flow));
  }

  async setEnabled(id: string, enabled: boolean): Promise<FlowResponse> {
    const flow = await this.store.get(id);
    flow.enabled = enabled;
    flow.next_execution_time = nextExecutionTime(flow, await this.scheduleOf(flow));
    const saved = await this.flows.save(flow);
    await this.events.changed([id]);
    return this.views.one(saved);
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id, `Protection flow ${id} is still in use`);
    await this.events.changed([id]);
  }

  async summary(): Promise<FlowSummaryResponse> {
    const since = new Date();
    since.setUTCHours(0, 0, 0, 0);
    const [rows, runs, skipped] = await Promise.all([
      this.flows
        .createQueryBuilder('f')
        .select('f.flow_type', 'flow_type')
        .addSelect('f.enabled', 'enabled')
        .addSelect('COUNT(*)', 'count')
        .groupBy('f.flow_type')
        .addGroupBy('f.enabled')
        .getRawMany<{ flow_type: string; enabled: number | boolean | string; count: number | string }>(),
      this.runStats.countExecutions(since),
      this.occurrences.countSkippedSince(since),
    ]);
    const sum = (match: (r: (typeof rows)[number]) => boolean) => rows.filter(match).reduce((n, r) => n + Number(r.count), 0);
    const isEnabled = (r: (typeof rows)[number]) => r.enabled === true || Number(r.enabled) === 1;
    return {
      total_flows: sum(() => true),
      enabled_flows: sum(isEnabled),
      disabled_flows: sum((r) => !isEnabled(r)),
      backup_flows: sum((r) => r.flow_type === 'backup'),
      replication_flows: sum((r) => r.flow_type === 'replication'),
      running_executions: runs.running,
      total_executions_today: runs.total_today,
      successful_executions_today: runs.successful_today,
      failed_executions_today: runs.failed_today,
      skipped_runs_today: skipped,
    };
  }

  /**
   * Marks the flow as running a new execution, unless one already runs (the guard makes two
   * racing starts produce one run). Returns false when another execution holds the flow.
   */
  async claimRun(manager: EntityManager, flowId: string, executionId: string, at: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ProtectionFlowEntity)
      .set({
        last_execution_id: executionId,
        last_execution_status: 'running',
        last_execution_time: at,
        total_executions: () => 'total_executions + 1',
        updated_at: at,
      })
      .where('id = :flowId AND last_execution_status <> :running', { flowId, running: 'running' })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /**
   * Moves the statistics with an execution's outcome, in the caller's transaction: success counts
   * as successful, error and warning as failed, a cancelled run as neither.
   */
  async recordOutcome(manager: EntityManager, flowId: string, executionId: string, outcome: RunOutcome): Promise<void> {
    const counters = {
      successful_executions: () => (outcome === 'success' ? 'successful_executions + 1' : 'successful_executions'),
      failed_executions: () => (outcome === 'error' || outcome === 'warning' ? 'failed_executions + 1' : 'failed_executions'),
    };
    await manager.createQueryBuilder().update(ProtectionFlowEntity).set(counters).where('id = :flowId', { flowId }).execute();
    // The flow's status column has no 'cancelled'; a cancelled run shows as a warning.
    await manager
      .createQueryBuilder()
      .update(ProtectionFlowEntity)
      .set({ last_execution_status: outcome === 'cancelled' ? 'warning' : outcome, updated_at: new Date() })
      .where('id = :flowId AND last_execution_id = :executionId', { flowId, executionId })
      .execute();
  }

  /** After an occurrence, the flows' next run time moves on: one statement for all of them. */
  async setNextExecution(flowIds: string[], next: Date | null): Promise<void> {
    if (flowIds.length === 0) return;
    await this.flows.update({ id: In(flowIds) }, { next_execution_time: next });
  }

  /** Flows by id in one query (unknown ids are left out). */
  findMany(ids: string[]): Promise<ProtectionFlowEntity[]> {
    return this.store.findByKeys(ids);
  }

  /** Enabled flows that have a schedule, with only what the scheduler needs. */
  scheduledFlows(): Promise<Array<Pick<ProtectionFlowEntity, 'id' | 'schedule_id' | 'next_execution_time' | 'enabled'>>> {
    return this.flows.find({
      select: { id: true, schedule_id: true, next_execution_time: true, enabled: true },
      where: { enabled: true, schedule_id: Not(IsNull()) },
    });
  }

  async scheduleOf(flow: ProtectionFlowEntity): Promise<ScheduleEntity | null> {
    return flow.schedule_id ? ((await this.schedules.findMany([flow.schedule_id]))[0] ?? null) : null;
  }

  private async validateAndSave(flow: ProtectionFlowEntity): Promise<ProtectionFlowEntity> {
    const schedule = await this.rules.check(flow);
    flow.next_execution_time = nextExecutionTime(flow, schedule);
    const saved = await this.store.save(flow, `A protection flow named "${flow.name}" already exists`);
    await this.events.changed([saved.id]);
    return saved;
  }

  /** Recomputes next_execution_time for the matching flows (after a schedule edit). */
  private async refreshNextExecution(where: FindOptionsWhere<ProtectionFlowEntity>): Promise<void> {
    const flows = await this.flows.find({ select: { id: true, enabled: true, schedule_id: true }, where });
    const scheduleIds = flows.map((f) => f.schedule_id).filter((v): v is string => v !== null);
    const schedules = new Map((await this.schedules.findMany(scheduleIds)).map((s) => [s.id, s]));
    // Flows on one schedule share their next run (or none when disabled): one update per distinct value.
    const byNext = new Map<number | null, string[]>();
    for (const flow of flows) {
      const next = nextExecutionTime(flow, flow.schedule_id ? schedules.get(flow.schedule_id) : null)?.getTime() ?? null;
      byNext.set(next, [...(byNext.get(next) ?? []), flow.id]);
    }
    for (const [next, ids] of byNext) {
      await this.flows.update({ id: In(ids) }, { next_execution_time: next === null ? null : new Date(next), updated_at: new Date() });
    }
    await this.events.changed(flows.map((f) => f.id));
  }

  /** A VM or group that a flow targets cannot go; a deleted schedule leaves its flows unscheduled. */
  private async onCatalogDelete(kind: CatalogRecordKind, id: string): Promise<void> {
    if (kind === 'schedule') {
      const users = await this.flows.find({ select: { id: true }, where: { schedule_id: id } });
      await this.flows.update({ schedule_id: id }, { schedule_id: null, next_execution_time: null, updated_at: new Date() });
      await this.events.changed(users.map((f) => f.id));
      return;
    }
    const users = await this.flows.find({ select: { id: true, name: true }, where: { target_type: kind, target_id: id }, order: { name: 'ASC' } });
    if (users.length > 0) {
      const what = kind === 'vm' ? `VM context ${id}` : `Protection group ${id}`;
      throw conflict(`${what} is the target of protection flows: ${users.map((f) => `"${f.name}" (${f.id})`).join(', ')}; delete or retarget them first`);
    }
  }

  /** Applies one action to each id in turn; one bad id never stops the others. */
  async bulk(action: BulkAction, ids: string[]): Promise<BulkFlowsResponse> {
    const errors: BulkFlowsResponse['errors'] = [];
    for (const id of ids) {
      try {
        if (action === 'delete') await this.delete(id);
        else await this.setEnabled(id, action === 'enable');
      } catch (err) {
        errors.push({ flow_id: id, error: errorSentence(err) });
      }
    }
    return { action, requested: ids.length, successful: ids.length - errors.length, failed: errors.length, errors };
  }
}
