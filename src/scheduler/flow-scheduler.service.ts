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
import { ScheduleShares } from './schedule-shares.service';
import { shareOf } from './share-ranges';

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
 * Keeps one CronJob per enabled flow whose schedule is enabled, for the flows of the shares this
 * replica holds (ScheduleShares; the replicas together hold every share once). Changes made through
 * this replica apply at once (flows.changed); every SCHEDULER_RECONCILE_MS the replica rebalances
 * its shares, then reads what changed in the database since its last pass (changes made through
 * other replicas), and checks the count of its scheduled flows so that deletions are seen too. A
 * full pass runs at start-up, every ten minutes, and whenever the count disagrees; a share taken
 * over gets a pass of its own (which also fires what its flows missed, by the catch-up rules).
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
  private lastRebalanceAt = 0;
  /** Shares taken since the last pass over them. */
  private takenOver: number[] = [];
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
    private readonly shares: ScheduleShares,
  ) {}

  get enabled(): boolean {
    return this.config.SCHEDULER_ENABLED;
  }

  get registeredCount(): number {
    return this.registrations.size;
  }

  get sharesHeld(): number {
    return this.shares.heldCount;
  }

  /** A change made through this replica applies at once (others see it at their next reconcile). */
  @OnDomainEvent('flows.changed', { awaited: true })
  async afterFlowsChanged({ flow_ids }: DomainEventMap['flows.changed']): Promise<void> {
    const mine = flow_ids.filter((id) => this.shares.holds(id));
    if (this.enabled && !this.stopped && mine.length > 0) await this.syncFlows(mine);
  }

  /** Registration runs after start-up, yielding as it goes, so the API answers meanwhile. */
  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const started = Date.now();
    void this.start().then(() => {
      this.readyAt = new Date();
      this.logger.log({ msg: 'scheduler ready', cron_jobs: this.registrations.size, shares: this.shares.heldCount, ms: Date.now() - started });
    });
  }

  /** Joins the other replicas, then takes a fair part of the shares (the first reconcile). */
  private async start(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.shares.join();
        break;
      } catch (err) {
        this.logger.error({ msg: 'could not join the schedule shares; trying again', error: describeError(err) });
        await new Promise((resolve) => setTimeout(resolve, this.config.SCHEDULER_SHARE_RENEW_MS));
      }
    }
    if (this.stopped) return;
    this.timer = setInterval(() => void this.reconcile(), this.config.SCHEDULER_RECONCILE_MS);
    await this.reconcile();
  }

  /** Stops firing, then hands the shares over at once (SIGTERM), so the other replicas need not wait for the lease. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.registrations.stop();
    if (this.enabled) await this.shares.leave();
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
    await this.rebalance();
    const full = due || !(await this.incrementalPass(new Date(lastPassAt - CHANGE_MARGIN_MS)));
    if (full) {
      // At start-up every share is new to this replica; the first pass covers them with the usual grace.
      if (lastPassAt === null) this.takenOver = [];
      await this.fullPass();
      this.lastFullPassAt = startedAt;
    }
    while (this.takenOver.length > 0 && !this.stopped) await this.fullPass(this.takenOver.splice(0));
    this.lastPassAt = startedAt;
  }

  /** Holds a fair part of the shares; shares taken are queued for a pass of their own. */
  private async rebalance(): Promise<void> {
    this.lastRebalanceAt = Date.now();
    const { gained } = await this.shares.rebalance((shares) => this.dropShares(shares));
    this.takenOver.push(...gained);
  }

  /** Removes the CronJobs of flows in shares this replica no longer holds. */
  private dropShares(shares: number[]): void {
    const dropped = new Set(shares);
    const inDropped = (flowId: string) => dropped.has(shareOf(flowId, this.shares.count));
    for (const flowId of this.registrations.flowIds()) if (inDropped(flowId)) this.registrations.remove(flowId);
    for (const flowId of [...this.refused]) if (inDropped(flowId)) this.refused.delete(flowId);
  }

  /**
   * Every scheduled flow of the given shares taken over (default: all held), read in chunks;
   * registrations of those shares' flows no longer scheduled are removed. A long pass rebalances
   * between chunks, so a replica that took every share while alone gives the others' part back
   * before registering it all.
   */
  private async fullPass(only?: number[]): Promise<void> {
    const subset = only ? new Set(only) : undefined;
    const before = new Set(this.registrations.flowIds().filter((id) => !subset || subset.has(shareOf(id, this.shares.count))));
    this.schedules = new Map((await this.schedulesService.all()).map((s) => [s.id, s]));
    const wanted = new Set<string>();
    let after: string | null = null;
    let lastYield = Date.now();
    for (;;) {
      const ranges = this.shares.ranges(only?.filter((share) => this.shares.holdsShare(share)));
      const chunk = await this.flows.scheduledFlowsAfter(after, FULL_PASS_CHUNK, ranges);
      for (const flow of chunk) {
        if (this.stopped) return;
        if (this.apply(flow)) wanted.add(flow.id);
        // Nobody fired a taken-over share's flows since its holder stopped: no grace.
        await this.catchUp(flow, only ? 0 : undefined);
        if (Date.now() - lastYield >= YIELD_AFTER_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      }
      if (chunk.length < FULL_PASS_CHUNK) break;
      after = chunk[chunk.length - 1].id;
      if (Date.now() - this.lastRebalanceAt >= this.config.SCHEDULER_SHARE_RENEW_MS) await this.rebalance();
    }
    // Flows registered by a change event during the pass were not in `before` and stay.
    for (const flowId of before) if (!wanted.has(flowId)) this.registrations.remove(flowId);
  }

  /** What changed since `since`; false when the registry still disagrees with the database (a deletion). */
  private async incrementalPass(since: Date): Promise<boolean> {
    const changedSchedules = await this.schedulesService.changedSince(since);
    for (const schedule of changedSchedules) this.schedules.set(schedule.id, schedule);
    const ranges = this.shares.ranges();
    const changedIds = changedSchedules.map((s) => s.id);
    const [changed, users] = await Promise.all([this.flows.flowsChangedSince(since, ranges), this.flows.usersOfSchedules(changedIds, ranges)]);
    for (const flow of [...changed, ...users]) this.apply(flow);
    // Occurrences that passed unfired: no replica was up, or one died between claiming and recording the next time.
    for (const flow of await this.flows.scheduledFlowsBehind(new Date(Date.now() - this.missed.graceMs), ranges)) await this.catchUp(flow);
    const enabledSchedules = [...this.schedules.values()].filter((s) => s.enabled).map((s) => s.id);
    return (await this.flows.countScheduled(enabledSchedules, ranges)) === this.registrations.size + this.refused.size;
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
    if (this.stopped || !runsOnSchedule(flow, schedule) || !this.shares.holds(flow.id)) {
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

  private async catchUp(flow: ScheduledFlow, graceMs?: number): Promise<void> {
    const schedule = flow.schedule_id ? this.schedules.get(flow.schedule_id) : undefined;
    if (!runsOnSchedule(flow, schedule)) return;
    await this.missed.catchUpIfBehind(
      flow,
      schedule,
      (at, next) => this.firer.fire([{ flowId: flow.id, scheduleId: schedule.id, at, next, firedAt: new Date(), outcome: 'caught_up' }]),
      graceMs,
    );
  }
}
