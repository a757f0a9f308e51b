import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Not, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RawSql } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { RunOutcome } from '../events/domain-events';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { ExecutionMetadata, metadataOf } from './execution-metadata';
import { ACTIVE_EXECUTION_STATUSES, checkExecutionTransition } from './execution-states';
import { ExecutionStatus, FlowExecutionEntity } from './flow-execution.entity';
import { JobCounts, JobRepository, NewJobRow } from './job.repository';

export type ExecutionPatch = QueryDeepPartialEntity<FlowExecutionEntity>;
/** What the finisher decides inside the finishing transaction, from the row and its jobs. */
export type FinishDecision = { outcome: RunOutcome; patch: ExecutionPatch; executionType: string };

class Refused extends Error {}

/**
 * Executions, and the run statistics they move on their flow (last_execution_*, total, successful,
 * failed executions: columns of protection_flows that only this module writes). Every status write
 * is guarded by the transition table; multi-row changes run in one transaction here.
 */
@Injectable()
export class ExecutionRepository {
  constructor(
    @InjectRepository(FlowExecutionEntity) private readonly executions: Repository<FlowExecutionEntity>,
    private readonly jobs: JobRepository,
    private readonly transactions: Transactions,
    private readonly sql: RawSql,
  ) {}

  create(fields: Partial<FlowExecutionEntity>): FlowExecutionEntity {
    return this.executions.create(fields);
  }

  /** The one way an execution changes status; true when this writer won. */
  async transition(id: string, from: readonly ExecutionStatus[], to: ExecutionStatus, patch: ExecutionPatch = {}, manager?: EntityManager): Promise<boolean> {
    checkExecutionTransition(from, to);
    const repository = manager ? manager.getRepository(FlowExecutionEntity) : this.executions;
    const result = await repository.update({ id, status: In([...from]) }, { ...patch, status: to });
    return (result.affected ?? 0) === 1;
  }

  /** Inserts a running execution and marks its flow as running, unless a run already holds the flow. */
  insertClaimingFlow(execution: FlowExecutionEntity): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      if (!(await claimFlow(manager, execution.flow_id, execution.id, execution.started_at ?? new Date()))) return false;
      await manager.getRepository(FlowExecutionEntity).insert(execution as ExecutionPatch);
      return true;
    });
  }

  async insert(execution: FlowExecutionEntity): Promise<void> {
    await this.executions.insert(execution as ExecutionPatch);
  }

  /** pending → running, claiming the flow; false when another run holds it (or the row moved on). */
  promotePending(id: string, flowId: string, patch: ExecutionPatch, at: Date): Promise<boolean> {
    return this.transactions
      .run(async (manager) => {
        if (!(await claimFlow(manager, flowId, id, at))) return false;
        if (!(await this.transition(id, ['pending'], 'running', patch, manager))) throw new Refused();
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof Refused) return false;
        throw err;
      });
  }

  /**
   * Writes the job rows and the resolved plan together; returns the metadata as stored. The row is
   * locked first, as a cancel locks it, so the two queue instead of deadlocking, and a cancel
   * recorded meanwhile is kept.
   */
  async resolveJobs(id: string, rows: NewJobRow[], plan: Partial<ExecutionMetadata>): Promise<ExecutionMetadata> {
    return this.transactions.run(async (manager) => {
      const row = await this.locked(manager, id);
      const metadata: ExecutionMetadata = { ...metadataOf(row?.execution_metadata ?? null), ...plan };
      await this.jobs.insertMany(rows, manager);
      await manager.getRepository(FlowExecutionEntity).update({ id, status: 'running' }, { execution_metadata: { ...metadata } });
      return metadata;
    });
  }

  private locked(manager: EntityManager, id: string): Promise<FlowExecutionEntity | null> {
    return manager.getRepository(FlowExecutionEntity).findOne({ where: { id }, lock: this.transactions.forUpdate });
  }

  /**
   * Ends the execution exactly once: reads its jobs, lets `decide` choose the outcome, applies the
   * guarded transition and the flow statistics in one transaction. Null when it had already ended.
   */
  finish(id: string, decide: (row: FlowExecutionEntity, counts: JobCounts, backupIds: string[]) => FinishDecision): Promise<FinishDecision | null> {
    return this.transactions
      .run(async (manager) => {
        const row = await manager.getRepository(FlowExecutionEntity).findOneByOrFail({ id });
        if (!ACTIVE_EXECUTION_STATUSES.includes(row.status)) throw new Refused();
        const counts = (await this.jobs.countsOf([id], manager)).get(id) as JobCounts;
        const decision = decide(row, counts, (await this.jobs.backupIdsOf([id], manager)).get(id) ?? []);
        if (!(await this.transition(id, [row.status], decision.outcome, decision.patch, manager))) throw new Refused();
        await recordFlowOutcome(manager, row.flow_id, id, decision.outcome);
        return decision;
      })
      .catch((err: unknown) => {
        if (err instanceof Refused) return null;
        throw err;
      });
  }

  /**
   * Records a cancel request on a pending or running execution and cancels its queued jobs, in one
   * transaction; null when the execution had ended.
   */
  requestCancel(id: string, at: Date): Promise<{ execution: FlowExecutionEntity; cancelledJobs: number } | null> {
    return this.transactions.run(async (manager) => {
      const row = await this.locked(manager, id);
      if (!row || !['pending', 'running'].includes(row.status)) return null;
      const metadata = { ...metadataOf(row.execution_metadata), cancel_requested_at: at.toISOString() };
      await manager.getRepository(FlowExecutionEntity).update({ id }, { execution_metadata: metadata });
      const cancelledJobs = row.status === 'running' ? await this.jobs.cancelQueued(id, manager) : 0;
      return { execution: Object.assign(row, { execution_metadata: metadata }), cancelledJobs };
    });
  }

  findById(id: string): Promise<FlowExecutionEntity | null> {
    return this.executions.findOneBy({ id });
  }

  /** The flow's running or pending executions, oldest first. */
  activeOf(flowId: string): Promise<FlowExecutionEntity[]> {
    return this.executions.find({ where: { flow_id: flowId, status: In(['running', 'pending']) }, order: { created_at: 'ASC' } });
  }

  /** The running executions of these flows (one per flow at most). */
  runningOfFlows(flowIds: string[]): Promise<FlowExecutionEntity[]> {
    if (flowIds.length === 0) return Promise.resolve([]);
    return this.executions.find({ where: { flow_id: In(flowIds), status: 'running' } });
  }

  /** How the flow's latest finished run before `executionId` ended (success, warning, error), or null. */
  async previousOutcome(flowId: string, executionId: string): Promise<RunOutcome | null> {
    const previous = await this.executions.findOne({
      select: { status: true },
      where: { flow_id: flowId, id: Not(executionId), status: In(['success', 'warning', 'error']) },
      order: { completed_at: 'DESC' },
    });
    return (previous?.status as RunOutcome | undefined) ?? null;
  }

  runningOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return this.executions.findOne({ where: { flow_id: flowId, status: 'running' } });
  }

  pendingOf(flowId: string): Promise<FlowExecutionEntity | null> {
    return this.executions.findOne({ where: { flow_id: flowId, status: 'pending' }, order: { created_at: 'ASC' } });
  }

  pendingOfFlows(flowIds: string[]): Promise<FlowExecutionEntity[]> {
    if (flowIds.length === 0) return Promise.resolve([]);
    return this.executions.find({ where: { flow_id: In(flowIds), status: 'pending' } });
  }

  /** Flows with a pending execution (for the periodic promotion check). */
  async flowsWithPending(): Promise<string[]> {
    const rows = await this.executions.find({ select: { flow_id: true }, where: { status: 'pending' } });
    return [...new Set(rows.map((r) => r.flow_id))];
  }

  /** Takes over running executions whose owner's lease lapsed (or that have none). */
  async claimOrphans(ownerId: string, leaseUntil: Date, now: Date): Promise<FlowExecutionEntity[]> {
    const lapsed = new Brackets((q) => q.where('lease_expires_at IS NULL').orWhere('lease_expires_at < :now', { now }));
    const candidates = await this.executions.createQueryBuilder().where('status = :status', { status: 'running' }).andWhere(lapsed).getMany();
    const claimed: FlowExecutionEntity[] = [];
    for (const execution of candidates) {
      const result = await this.executions
        .createQueryBuilder()
        .update()
        .set({ owner_id: ownerId, lease_expires_at: leaseUntil })
        .where('id = :id AND status = :status', { id: execution.id, status: 'running' })
        .andWhere(lapsed)
        .execute();
      if ((result.affected ?? 0) === 1) claimed.push(Object.assign(execution, { owner_id: ownerId, lease_expires_at: leaseUntil }));
    }
    return claimed;
  }

  /** Lets the leases of these runs lapse now (a stopping replica hands them over). */
  async releaseLeases(ownerId: string, executionIds: string[]): Promise<void> {
    if (executionIds.length === 0) return;
    await this.executions.update({ owner_id: ownerId, id: In(executionIds), status: 'running' }, { lease_expires_at: new Date() });
  }

  async renewLeases(ownerId: string, executionIds: string[], leaseUntil: Date): Promise<void> {
    if (executionIds.length === 0) return;
    await this.executions.update({ owner_id: ownerId, id: In(executionIds), status: 'running' }, { lease_expires_at: leaseUntil });
  }
}

/** Outcomes that count as a failed run, in the flow's statistics and in the summary alike. */
export const countsAsFailed = (outcome: RunOutcome): boolean => outcome === 'error' || outcome === 'warning';

/** Marks the flow as running this execution unless another run holds it (two racing starts make one run). */
async function claimFlow(manager: EntityManager, flowId: string, executionId: string, at: Date): Promise<boolean> {
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

async function recordFlowOutcome(manager: EntityManager, flowId: string, executionId: string, outcome: RunOutcome): Promise<void> {
  const counters = {
    successful_executions: () => (outcome === 'success' ? 'successful_executions + 1' : 'successful_executions'),
    failed_executions: () => (countsAsFailed(outcome) ? 'failed_executions + 1' : 'failed_executions'),
  };
  await manager.createQueryBuilder().update(ProtectionFlowEntity).set(counters).where('id = :flowId', { flowId }).execute();
  await manager
    .createQueryBuilder()
    .update(ProtectionFlowEntity)
    .set({ last_execution_status: outcome, updated_at: new Date() })
    .where('id = :flowId AND last_execution_id = :executionId', { flowId, executionId })
    .execute();
}
