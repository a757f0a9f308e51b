import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { CronJob } from 'cron';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { AppConfig } from '../config/app-config';
import { DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { ExecutionLauncher, FlowBusyError } from '../executions/execution-launcher.service';
import { runsOnSchedule } from '../flows/flow-timing';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { MissedOccurrences } from './missed-occurrences';
import { CronRegistry } from './cron-registry';
import { SharedCronTimes } from './shared-cron-time';
import { OccurrenceRecorder } from './occurrence-recorder.service';
import { OccurrenceRepository } from './occurrence.repository';
import { OccurrenceOutcome } from './schedule-execution.entity';

interface Registration {
  scheduleId: string;
  signature: string;
  job: CronJob;
  /** The occurrence the next tick stands for (the same on every replica). */
  expected: Date | null;
}

type ScheduledFlow = { id: string; schedule_id: string | null; next_execution_time: Date | null };

interface Tick {
  flowId: string;
  scheduleId: string;
  at: Date;
  /** When the CronJob fired (the scheduler's lag is firedAt − at). */
  firedAt: Date;
  next: Date | null;
  outcome: 'fired' | 'caught_up';
}

const JOB_PREFIX = 'flow:';
// Registration gives the event loop back this often, so the API keeps answering meanwhile.
const YIELD_AFTER_MS = 20;
// A tick later than this (a stalled event loop) is still fired: the claim keeps it exactly-once.
const LATE_TICK_THRESHOLD_MS = 60_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const signatureOf = (schedule: ScheduleEntity) => `${schedule.cron_expression}|${schedule.timezone}`;

/**
 * One CronJob per enabled flow whose schedule is enabled. Registrations follow every change at
 * once on this replica (the flows.changed event) and every SCHEDULER_RECONCILE_MS from the database (changes
 * made through other replicas). A tick claims its occurrence; only the winning replica runs it.
 */
@Injectable()
export class FlowScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FlowScheduler');
  private readonly registrations = new Map<string, Registration>();
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;
  /** Set at shutdown: late async work must not register new CronJobs. */
  private stopped = false;
  /** Flows with the same expression and zone share one CronTime, so a shared tick computes its next date once. */
  private readonly cronTimes = new SharedCronTimes();
  /** Ticks waiting for the next batch (flows sharing an occurrence tick in the same turn). */
  private tickBatch: Tick[] = [];
  /** When the first full registration finished (null until then). */
  readyAt: Date | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly cron: CronRegistry,
    private readonly flows: FlowsService,
    private readonly schedules: SchedulesService,
    private readonly occurrences: OccurrenceRepository,
    private readonly launcher: ExecutionLauncher,
    private readonly missed: MissedOccurrences,
    private readonly recorder: OccurrenceRecorder,
  ) {}

  get enabled(): boolean {
    return this.config.SCHEDULER_ENABLED;
  }

  get registeredCount(): number {
    return this.registrations.size;
  }

  /** A change made through this replica applies at once (others see it at their next reconcile). */
  @OnDomainEvent('flows.changed')
  async afterFlowsChanged({ flow_ids }: DomainEventMap['flows.changed']): Promise<void> {
    if (this.enabled && !this.stopped && flow_ids.length > 0) await this.syncFlows(flow_ids);
  }

  /** Registration runs after start-up, yielding as it goes, so the API answers meanwhile. */
  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const started = Date.now();
    void this.reconcile().then(() => {
      this.readyAt = new Date();
      this.logger.log({ msg: 'scheduler ready', cron_jobs: this.registrations.size, ms: Date.now() - started });
    });
    this.timer = setInterval(() => void this.reconcile(), this.config.SCHEDULER_RECONCILE_MS);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const flowId of [...this.registrations.keys()]) this.unregister(flowId);
  }

  /** Brings the registry in line with the database; one pass at a time. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce()
      .catch((err: unknown) => this.logger.error({ msg: 'reconcile failed', error: err instanceof Error ? err.message : String(err) }))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const flows = await this.flows.scheduledFlows();
    const schedules = await this.schedulesById(flows);
    const wanted = new Set<string>();
    let lastYield = Date.now();
    for (const flow of flows) {
      if (this.stopped) return;
      const schedule = flow.schedule_id ? schedules.get(flow.schedule_id) : undefined;
      if (!schedule?.enabled) continue;
      wanted.add(flow.id);
      this.ensureRegistered(flow.id, schedule);
      await this.missed.catchUpIfBehind(flow, schedule, (at, next) =>
        this.fire([{ flowId: flow.id, scheduleId: schedule.id, at, next, firedAt: new Date(), outcome: 'caught_up' }]),
      );
      if (Date.now() - lastYield >= YIELD_AFTER_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    for (const flowId of [...this.registrations.keys()]) if (!wanted.has(flowId)) this.unregister(flowId);
  }

  /** Re-reads the given flows and registers, replaces or removes their CronJobs. */
  async syncFlows(flowIds: string[]): Promise<void> {
    const flows = await this.flows.findMany(flowIds);
    const schedules = await this.schedulesById(flows);
    const found = new Set(flows.map((f) => f.id));
    for (const flowId of flowIds) if (!found.has(flowId)) this.unregister(flowId);
    for (const flow of flows) {
      const schedule = flow.schedule_id ? schedules.get(flow.schedule_id) : undefined;
      if (runsOnSchedule(flow, schedule)) this.ensureRegistered(flow.id, schedule);
      else this.unregister(flow.id);
    }
  }

  private async schedulesById(flows: ScheduledFlow[]): Promise<Map<string, ScheduleEntity>> {
    const ids = flows.map((f) => f.schedule_id).filter((id): id is string => !!id);
    return new Map((await this.schedules.findMany(ids)).map((s) => [s.id, s]));
  }

  private ensureRegistered(flowId: string, schedule: ScheduleEntity): void {
    if (this.stopped) return;
    const current = this.registrations.get(flowId);
    if (current && current.signature === signatureOf(schedule) && current.scheduleId === schedule.id) return;
    const job = CronJob.from({
      cronTime: schedule.cron_expression,
      timeZone: schedule.timezone,
      start: false,
      threshold: LATE_TICK_THRESHOLD_MS,
      onTick: () => this.onTick(flowId),
    });
    job.setTime(this.cronTimes.for(schedule.cron_expression, schedule.timezone));
    this.cron.put(`${JOB_PREFIX}${flowId}`, job);
    this.registrations.set(flowId, { scheduleId: schedule.id, signature: signatureOf(schedule), job, expected: job.nextDate().toJSDate() });
  }

  private unregister(flowId: string): void {
    this.cron.remove(`${JOB_PREFIX}${flowId}`);
    this.registrations.delete(flowId);
  }

  /** The CronJob callback: never waits for backups, never throws. */
  private onTick(flowId: string): void {
    const registration = this.registrations.get(flowId);
    if (!registration) return;
    const occurrence = registration.expected ?? new Date(Math.floor(Date.now() / 1000) * 1000);
    registration.expected = registration.job.nextDate().toJSDate();
    if (this.tickBatch.length === 0) setImmediate(() => void this.fireBatch());
    this.tickBatch.push({ flowId, scheduleId: registration.scheduleId, at: occurrence, next: registration.expected, firedAt: new Date(), outcome: 'fired' });
  }

  /** Fires the ticks of one turn together: the flows and schedules are read once for all of them. */
  private async fireBatch(): Promise<void> {
    const ticks = this.tickBatch;
    this.tickBatch = [];
    try {
      await this.fire(ticks);
    } catch (err) {
      this.logger.error({ msg: 'scheduled runs failed', flow_ids: ticks.map((t) => t.flowId), error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Claims each occurrence; for those this replica wins, runs the flow (or records why not). */
  private async fire(ticks: Tick[]): Promise<void> {
    const claimed = await Promise.all(
      ticks.map(async (tick) => ({
        tick,
        occurrenceId: await this.occurrences.claim({
          flow_id: tick.flowId,
          schedule_id: tick.scheduleId,
          scheduled_at: tick.at,
          fired_at: tick.firedAt,
          outcome: tick.outcome,
        }),
      })),
    );
    const won = claimed.filter((c): c is { tick: Tick; occurrenceId: string } => c.occurrenceId !== null);
    if (won.length === 0) return;
    const flows = new Map((await this.flows.findMany(won.map((w) => w.tick.flowId))).map((f) => [f.id, f]));
    const schedules = await this.schedulesById([...flows.values()]);
    await Promise.all(
      won.map(async ({ tick, occurrenceId }) => {
        const flow = flows.get(tick.flowId);
        const schedule = flow?.schedule_id ? (schedules.get(flow.schedule_id) ?? null) : null;
        const result = await this.runOccurrence(flow, schedule, occurrenceId, tick.outcome);
        await this.recorder.settle({ id: occurrenceId, flowId: tick.flowId, scheduledAt: tick.at, firedAt: tick.firedAt }, result.outcome, result.executionId);
      }),
    );
    // Flows that ticked together share their next occurrence: one update per distinct time.
    const byNext = new Map<number | null, string[]>();
    for (const { tick } of won) {
      const key = tick.next?.getTime() ?? null;
      byNext.set(key, [...(byNext.get(key) ?? []), tick.flowId]);
    }
    for (const [next, ids] of byNext) await this.flows.setNextExecution(ids, next === null ? null : new Date(next));
  }

  private async runOccurrence(
    flow: ProtectionFlowEntity | undefined,
    schedule: ScheduleEntity | null,
    occurrenceId: string,
    outcome: OccurrenceOutcome,
  ): Promise<{ outcome: OccurrenceOutcome; executionId: string | null }> {
    if (!flow || !runsOnSchedule(flow, schedule)) return { outcome: 'skipped_disabled', executionId: null };
    try {
      const { execution } = await this.launcher.launch({
        flowId: flow.id,
        preloaded: { flow, schedule },
        executionType: 'scheduled',
        triggeredBy: 'scheduler',
        scheduleExecutionId: occurrenceId,
        bufferIfBusy: !schedule.skip_if_running,
      });
      return { outcome, executionId: execution.id };
    } catch (err) {
      if (err instanceof FlowBusyError) return { outcome: 'skipped_overlap', executionId: null };
      this.logger.warn({ msg: 'scheduled occurrence not run', flow_id: flow.id, error: err instanceof Error ? err.message : String(err) });
      return { outcome: 'skipped_disabled', executionId: null };
    }
  }
}
