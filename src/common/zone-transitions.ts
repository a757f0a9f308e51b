import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;

/** A change of a zone's UTC offset: from `at` on, local time is UTC + `after` (ms) instead of `before`. */
export interface Transition {
  at: number;
  before: number;
  after: number;
}

/**
 * A time zone's UTC offsets and the instants they change, found by sampling each day of a year and
 * narrowing each change to the second (no real zone changes its offset twice within a day). Years are
 * computed once per zone and kept, so the scheduler's next-run questions cost a lookup.
 */
export class ZoneTransitions {
  private static readonly zones = new Map<string, ZoneTransitions>();
  private readonly years = new Map<number, Transition[]>();
  private readonly zone: IANAZone;

  private constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  static of(name: string): ZoneTransitions {
    let zone = ZoneTransitions.zones.get(name);
    if (!zone) {
      zone = new ZoneTransitions(name);
      ZoneTransitions.zones.set(name, zone);
    }
    return zone;
  }

  /** The offset (local − UTC, ms) in force at the instant. */
  offsetAt(instant: number): number {
    return this.zone.offset(instant) * 60_000;
  }

  /** The first transition after `instant` (exclusive) and no later than `until`, if any. */
  nextAfter(instant: number, until: number): Transition | undefined {
    for (let year = new Date(instant).getUTCFullYear(); Date.UTC(year, 0, 1) <= until; year++) {
      const found = this.ofYear(year).find((t) => t.at > instant);
      if (found) return found.at <= until ? found : undefined;
    }
    return undefined;
  }

  /** The latest transition at or before `instant` and after `since`, if any. */
  lastAtOrBefore(instant: number, since: number): Transition | undefined {
    for (let year = new Date(instant).getUTCFullYear(); Date.UTC(year + 1, 0, 1) > since; year--) {
      const found = this.ofYear(year).filter((t) => t.at <= instant);
      const last = found[found.length - 1];
      if (last) return last.at > since ? last : undefined;
    }
    return undefined;
  }

  private ofYear(year: number): Transition[] {
    let found = this.years.get(year);
    if (found) return found;
    found = [];
    const end = Date.UTC(year + 1, 0, 1);
    let previous = Date.UTC(year, 0, 1);
    let previousOffset = this.offsetAt(previous);
    for (let day = previous + DAY_MS; day <= end; day += DAY_MS) {
      const offset = this.offsetAt(day);
      if (offset !== previousOffset) found.push({ at: this.narrow(previous, day, previousOffset), before: previousOffset, after: offset });
      previous = day;
      previousOffset = offset;
    }
    this.years.set(year, found);
    return found;
  }

  /** The first whole second in (from, to] whose offset is not `before`. */
  private narrow(from: number, to: number, before: number): number {
    let lo = from;
    let hi = to;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
