import { CronTime } from 'cron';
import { DateTime } from 'luxon';

/**
 * A CronTime shared by every CronJob with the same expression and time zone. Working out the next
 * date is the costly part of a tick (cron walks the calendar with luxon, ~0.5–3 ms); when 1,000
 * flows share a schedule they all ask within the same moment, so the answer is remembered while
 * it stays valid: the first occurrence after t0 is also the first after any t in [t0, next).
 */
export class SharedCronTime extends CronTime {
  private memo?: { from: number; next: DateTime };

  override sendAt(): DateTime;
  override sendAt(i: number): DateTime[];
  override sendAt(i?: number): DateTime | DateTime[] {
    if (i !== undefined) return super.sendAt(i);
    const now = Date.now();
    if (this.memo && this.memo.from <= now && now < this.memo.next.toMillis()) return this.memo.next;
    const next = super.sendAt();
    this.memo = { from: now, next };
    return next;
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
