import { CronTime } from 'cron';
import { DateTime } from 'luxon';
import { CronCalendar } from '../common/cron-calendar';
import { calendarOf } from '../common/cron-schedule';

/**
 * The time source of every flow's CronJob: the cron package keeps the timers, but when the next tick
 * is — on days clocks change too — is the engine's CronCalendar, the same calculation as the
 * occurrence identities and every preview (the package alone runs a 03:00 schedule twice on the
 * night clocks go back). Shared by every CronJob with the same expression and zone, and the answer
 * is remembered while it stays valid: the first occurrence after t0 is also the first after any t
 * in [t0, next), so 1,000 flows ticking together compute it once.
 */
export class SharedCronTime extends CronTime {
  private readonly calendar: CronCalendar;
  private memo?: { from: number; next: DateTime };

  constructor(expression: string, timeZone: string) {
    super(expression, timeZone);
    this.calendar = calendarOf(expression, timeZone);
  }

  /** Whether the schedule has a run ahead at all (within the calendar's 8-year horizon). */
  runsAgain(): boolean {
    return this.next() !== undefined;
  }

  override sendAt(): DateTime;
  override sendAt(i: number): DateTime[];
  override sendAt(i?: number): DateTime | DateTime[] {
    if (i !== undefined) return this.calendar.nextRuns(i, Date.now()).map((at) => this.toDateTime(at));
    const next = this.next();
    if (!next) throw new Error(`${this.calendar.expression} has no run in the next 8 years`);
    return next;
  }

  private next(): DateTime | undefined {
    const now = Date.now();
    if (this.memo && this.memo.from <= now && now < this.memo.next.toMillis()) return this.memo.next;
    const at = this.calendar.nextAfter(now);
    if (at === undefined) return undefined;
    this.memo = { from: now, next: this.toDateTime(at) };
    return this.memo.next;
  }

  private toDateTime(at: number): DateTime {
    return DateTime.fromMillis(at, { zone: this.calendar.timezone });
  }
}

/** One SharedCronTime per (expression, time zone). */
export class SharedCronTimes {
  private readonly times = new Map<string, SharedCronTime>();

  for(expression: string, timeZone: string): SharedCronTime {
    const key = `${expression}|${timeZone}`;
    let time = this.times.get(key);
    if (!time) {
      time = new SharedCronTime(expression, timeZone);
      this.times.set(key, time);
    }
    return time;
  }
}
