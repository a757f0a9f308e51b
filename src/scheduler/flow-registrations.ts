import { Injectable } from '@nestjs/common';
import { CronJob } from 'cron';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { CronRegistry } from './cron-registry';
import { OccurrenceFirer, Tick } from './occurrence-firer.service';
import { SharedCronTime, SharedCronTimes } from './shared-cron-time';

const JOB_PREFIX = 'flow:';
// A tick later than this (a stalled event loop) is still fired: the claim keeps it exactly-once.
const LATE_TICK_THRESHOLD_MS = 60_000;

/**
 * One flow's CronJob and what its next tick stands for. Kept small: a replica holds 100,000 of
 * them, so the schedule's id and CronTime are the shared instances, and the expected occurrence
 * is a number.
 */
class Registration {
  constructor(
    readonly owner: FlowRegistrations,
    readonly flowId: string,
    readonly scheduleId: string,
    readonly cronTime: SharedCronTime,
    public job: CronJob<null, Registration> | null,
    /** The occurrence the next tick stands for (the same on every replica), in ms. */
    public expected: number,
  ) {}
}

/**
 * How long ticks are gathered into one batch. The timers of CronJobs due at the same second expire
 * over several event-loop turns (1,000 tick callbacks take tens of ms); split into two batches,
 * the second one waited behind the first one's launches.
 */
const GATHER_MS = 50;

/** The CronJob callback, one function for every job: the job's context is its registration. */
function onCronTick(this: Registration): void {
  this.owner.tick(this);
}

/**
 * The registry of flows' CronJobs (`flow:<id>`): registers, replaces and removes them, and gathers
 * the ticks of one moment into one batch for the OccurrenceFirer.
 */
@Injectable()
export class FlowRegistrations {
  private readonly registrations = new Map<string, Registration>();
  /** Flows with the same expression and zone share one CronTime, so a shared tick computes its next date once. */
  private readonly cronTimes = new SharedCronTimes();
  private pending: Tick[] = [];
  private stopped = false;

  constructor(
    private readonly cron: CronRegistry,
    private readonly firer: OccurrenceFirer,
  ) {}

  get size(): number {
    return this.registrations.size;
  }

  has(flowId: string): boolean {
    return this.registrations.has(flowId);
  }

  flowIds(): string[] {
    return [...this.registrations.keys()];
  }

  /**
   * Registers the flow's CronJob, or replaces it when its schedule changed; a no-op when it is
   * current. False when the schedule has no run ahead (nothing is registered then).
   */
  ensure(flowId: string, schedule: ScheduleEntity): boolean {
    if (this.stopped) return false;
    const cronTime = this.cronTimes.for(schedule.cron_expression, schedule.timezone);
    const current = this.registrations.get(flowId);
    if (current && current.cronTime === cronTime && current.scheduleId === schedule.id) return true;
    if (!cronTime.runsAgain()) {
      this.remove(flowId);
      return false;
    }
    const registration = new Registration(this, flowId, schedule.id, cronTime, null, 0);
    const job = CronJob.from<null, Registration>({
      cronTime: schedule.cron_expression,
      timeZone: schedule.timezone,
      start: false,
      threshold: LATE_TICK_THRESHOLD_MS,
      context: registration,
      onTick: onCronTick,
    });
    job.setTime(cronTime);
    registration.job = job;
    registration.expected = job.nextDate().toMillis();
    this.cron.put(`${JOB_PREFIX}${flowId}`, job);
    this.registrations.set(flowId, registration);
    return true;
  }

  remove(flowId: string): void {
    if (!this.registrations.delete(flowId)) return;
    this.cron.remove(`${JOB_PREFIX}${flowId}`);
  }

  stop(): void {
    this.stopped = true;
    for (const flowId of this.flowIds()) this.remove(flowId);
  }

  /** Called by the flow's CronJob: records the occurrence and fires the turn's ticks together. */
  tick(registration: Registration): void {
    if (this.registrations.get(registration.flowId) !== registration || !registration.job) return;
    const occurrence = registration.expected || Math.floor(Date.now() / 1000) * 1000;
    const next = registration.job.nextDate().toMillis();
    registration.expected = next;
    if (this.pending.length === 0) setTimeout(() => this.firePending(), GATHER_MS);
    this.pending.push({
      flowId: registration.flowId,
      scheduleId: registration.scheduleId,
      at: new Date(occurrence),
      next: new Date(next),
      firedAt: new Date(),
      outcome: 'fired',
    });
  }

  private firePending(): void {
    const ticks = this.pending;
    this.pending = [];
    void this.firer.fireBatch(ticks);
  }
}
