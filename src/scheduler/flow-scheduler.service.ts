import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { AppConfig } from '../config/app-config';
import { DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { runsOnSchedule } from '../flows/flow-timing';
import type { ScheduledFlow } from '../flows/flow.repository';
import { FlowsService } from '../flows/flows.service';
import { FlowRegistrations } from './flow-registrations';
import { MissedOccurrences } from './missed-occurrences';
import { OccurrenceFirer } from './occurrence-firer.service';
import { describeError } from '../common/describe-error';

// A full pass re-reads every scheduled flow; between full passes a reconcile reads what changed.
const FULL_PASS_EVERY_MS = 10 * 60_000;
// Changes are found by updated_at, stamped by the writing replica's clock before its commit: look
// this far behind the last pass so clock skew and slow commits are still seen.
const CHANGE_MARGIN_MS = 60_000;
// Rows hydrated at once without yielding: 2,000 keep a read under ~50 ms of event-loop time.
const FULL_PASS_CHUNK = 2000;
// Registration gives the event loop back this often, so the API keeps answering meanwhile.
const YIELD_AFTER_MS = 20;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps one CronJob per enabled flow whose schedule is enabled. Changes made through this replica
 * apply at once (flows.changed); every SCHEDULER_RECONCILE_MS the replica reads what changed in the
 * database since its last pass (changes made through other replicas), and checks the count of
 * scheduled flows so that deletions are seen too. A full pass runs at start-up, every ten minutes,
 * and whenever the count disagrees.
 */
@Injectable()
export class FlowScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FlowScheduler');
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;
  /** Set at shutdown: late async work must not register new CronJobs. */
  private stopped = false;
  private schedules = new Map<string, ScheduleEntity>();
  private lastPassAt: number | null = null;
  private lastFullPassAt = 0;
  /** Flows whose schedule the cron package refused (logged); counted so they do not force full passes. */
  private readonly refused = new Set<string>();
  /** When the first full registration finished (null until then). */
  readyAt: Date | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly registrations: FlowRegistrations,
    private readonly flows: FlowsService,
    private readonly schedulesService: SchedulesService,
    private readonly missed: MissedOccurrences,
    private readonly firer: OccurrenceFirer,
  ) {}

  get enabled(): boolean {
    return this.config.SCHEDULER_ENABLED;
  }

  get registeredCount(): number {
    return this.registrations.size;
  }

  /** A change made through this replica applies at once (others see it at their next reconcile). */
  @OnDomainEvent('flows.changed', { awaited: true })
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
    this.registrations.stop();
  }

  /** Brings the registry in line with the database; one pass at a time. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce()
      .catch((err: unknown) => this.logger.error({ msg: 'reconcile failed', error: describeError(err) }))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const startedAt = Date.now();
    const lastPassAt = this.lastPassAt;
    const due = lastPassAt === null || startedAt - this.lastFullPassAt >= FULL_PASS_EVERY_MS;
    const full = due || !(await this.incrementalPass(new Date(lastPassAt - CHANGE_MARGIN_MS)));
    if (full) {
      await this.fullPass();
      this.lastFullPassAt = startedAt;
    }
    this.lastPassAt = startedAt;
  }

  /** Every scheduled flow, read in chunks; registrations of flows no longer scheduled are removed. */
  private async fullPass(): Promise<void> {
    const before = new Set(this.registrations.flowIds());
    this.schedules = new Map((await this.schedulesService.all()).map((s) => [s.id, s]));
    const wanted = new Set<string>();
    let after: string | null = null;
    let lastYield = Date.now();
    for (;;) {
      const chunk = await this.flows.scheduledFlowsAfter(after, FULL_PASS_CHUNK);
      for (const flow of chunk) {
        if (this.stopped) return;
        if (this.apply(flow)) wanted.add(flow.id);
        await this.catchUp(flow);
        if (Date.now() - lastYield >= YIELD_AFTER_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      }
      if (chunk.length < FULL_PASS_CHUNK) break;
      after = chunk[chunk.length - 1].id;
    }
    // Flows registered by a change event during the pass were not in `before` and stay.
    for (const flowId of before) if (!wanted.has(flowId)) this.registrations.remove(flowId);
  }

  /** What changed since `since`; false when the registry still disagrees with the database (a deletion). */
  private async incrementalPass(since: Date): Promise<boolean> {
    const changedSchedules = await this.schedulesService.changedSince(since);
    for (const schedule of changedSchedules) this.schedules.set(schedule.id, schedule);
    const [changed, users] = await Promise.all([this.flows.flowsChangedSince(since), this.flows.usersOfSchedules(changedSchedules.map((s) => s.id))]);
    for (const flow of [...changed, ...users]) this.apply(flow);
    // Occurrences that passed unfired: no replica was up, or one died between claiming and recording the next time.
    for (const flow of await this.flows.scheduledFlowsBehind(new Date(Date.now() - this.missed.graceMs))) await this.catchUp(flow);
    const enabledSchedules = [...this.schedules.values()].filter((s) => s.enabled).map((s) => s.id);
    return (await this.flows.countScheduled(enabledSchedules)) === this.registrations.size + this.refused.size;
  }

  /** Re-reads the given flows and registers, replaces or removes their CronJobs. */
  async syncFlows(flowIds: string[]): Promise<void> {
    const flows = await this.flows.findMany(flowIds);
    const scheduleIds = flows.map((f) => f.schedule_id).filter((id): id is string => !!id);
    for (const schedule of await this.schedulesService.findMany(scheduleIds)) this.schedules.set(schedule.id, schedule);
    const found = new Set(flows.map((f) => f.id));
    for (const flowId of flowIds) if (!found.has(flowId)) this.registrations.remove(flowId);
    for (const flow of flows) this.apply(flow);
  }

  /** Registers or removes the flow's CronJob; true when it is registered. A schedule that cannot run is logged once per flow. */
  private apply(flow: ScheduledFlow): boolean {
    const schedule = flow.schedule_id ? this.schedules.get(flow.schedule_id) : undefined;
    const refusedBefore = this.refused.delete(flow.id);
    if (this.stopped || !runsOnSchedule(flow, schedule)) {
      this.registrations.remove(flow.id);
      return false;
    }
    let problem: string;
    try {
      if (this.registrations.ensure(flow.id, schedule)) return true;
      problem = `${schedule.cron_expression} (${schedule.timezone}) has no run in the next 8 years`;
    } catch (err) {
      problem = describeError(err);
    }
    this.refused.add(flow.id);
    this.registrations.remove(flow.id);
    if (!refusedBefore) this.logger.error({ msg: 'CronJob not registered', flow_id: flow.id, schedule_id: schedule.id, error: problem });
    return false;
  }

  private async catchUp(flow: ScheduledFlow): Promise<void> {
    const schedule = flow.schedule_id ? this.schedules.get(flow.schedule_id) : undefined;
    if (!runsOnSchedule(flow, schedule)) return;
    await this.missed.catchUpIfBehind(flow, schedule, (at, next) =>
      this.firer.fire([{ flowId: flow.id, scheduleId: schedule.id, at, next, firedAt: new Date(), outcome: 'caught_up' }]),
    );
  }
}
