import { CronFields, hasWildcardHour } from './cron-fields';
import { ZoneTransitions } from './zone-transitions';

const YEAR_MS = 365.25 * 86_400_000;
/** A schedule with no run this far ahead never runs (leap days come at least every 8 years). */
export const RUN_HORIZON_MS = Math.ceil(8 * YEAR_MS) + 2 * 86_400_000;

/**
 * When a cron schedule runs, in real time, in its time zone — with one meaning for the days clocks
 * change (docs/scheduling.md), as cron(8) has it:
 * - a fixed-time schedule whose local time is skipped (clocks forward) runs once, at the jump;
 * - a fixed-time schedule whose local time happens twice (clocks back) runs once, at the first;
 * - a schedule with a wildcard or step in the hour field runs at every real instant it matches, so
 *   once per real interval.
 * The scheduler's CronJobs, the occurrence identities and every preview use this one calculation.
 */
export class CronCalendar {
  private readonly fields: CronFields;
  private readonly zone: ZoneTransitions;
  private readonly fixedTime: boolean;

  constructor(
    readonly expression: string,
    readonly timezone: string,
  ) {
    this.fields = new CronFields(expression.trim());
    this.zone = ZoneTransitions.of(timezone);
    this.fixedTime = !hasWildcardHour(expression);
  }

  /** The first run strictly after `after` (ms), or undefined when there is none within RUN_HORIZON_MS. */
  nextAfter(after: number): number | undefined {
    const horizon = after + RUN_HORIZON_MS;
    let from = Math.floor(after / 1000) * 1000 + 1000; // runs fall on whole seconds
    while (from <= horizon) {
      const offset = this.zone.offsetAt(from);
      const change = this.zone.nextAfter(from, horizon);
      const end = change ? change.at - 1000 : horizon;
      const match = this.fields.nextMatch(this.firstLocalTime(from, offset), end + offset);
      if (match !== undefined) return match - offset;
      if (!change) return undefined;
      // Clocks forward: local times in [at + before, at + after) never happen; a fixed-time run there happens at the jump.
      if (this.fixedTime && change.after > change.before && this.fields.nextMatch(change.at + change.before, change.at + change.after - 1000) !== undefined) {
        return change.at;
      }
      from = change.at;
    }
    return undefined;
  }

  /** The next `count` runs after `after`; fewer when the schedule stops running within the horizon. */
  nextRuns(count: number, after: number): number[] {
    const runs: number[] = [];
    let cursor = after;
    while (runs.length < count) {
      const next = this.nextAfter(cursor);
      if (next === undefined) break;
      runs.push(next);
      cursor = next;
    }
    return runs;
  }

  /**
   * The first local time to look at from the instant `from` on. After clocks went back, the local
   * times they repeat already ran for a fixed-time schedule: it looks past them.
   */
  private firstLocalTime(from: number, offset: number): number {
    const local = from + offset;
    if (!this.fixedTime) return local;
    const back = this.zone.lastAtOrBefore(from, from - 4 * 3_600_000);
    if (back && back.before > back.after) return Math.max(local, back.at + back.before);
    return local;
  }
}
