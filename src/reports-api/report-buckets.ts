import { DateTime } from 'luxon';

export type BucketSize = 'hour' | 'day';

const QUARTER_MS = 15 * 60_000;

/** A bucket of a report: local hours or days of a zone (a clock-change day has 23 or 25 hours). */
export interface Bucket {
  /** '2026-12-06' or '2026-12-06 14:00', local to the report's zone. */
  label: string;
  start: Date;
  end: Date;
}

/**
 * The buckets covering [from, to) in the zone, and which bucket each UTC quarter hour belongs to:
 * the database groups by quarter hour, and quarter hours add up to local hours and days in any zone.
 */
export function bucketsOf(from: Date, to: Date, size: BucketSize, zone: string): { buckets: Bucket[]; indexOfQuarter: Map<string, number> } {
  const format = size === 'day' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:00';
  const buckets: Bucket[] = [];
  const indexOfQuarter = new Map<string, number>();
  for (let at = Math.floor(from.getTime() / QUARTER_MS) * QUARTER_MS; at < to.getTime(); at += QUARTER_MS) {
    const label = DateTime.fromMillis(at, { zone }).toFormat(format);
    let last = buckets[buckets.length - 1];
    if (last?.label !== label) {
      last = { label, start: new Date(Math.max(at, from.getTime())), end: new Date(Math.min(at + QUARTER_MS, to.getTime())) };
      buckets.push(last);
    } else last.end = new Date(Math.min(at + QUARTER_MS, to.getTime()));
    indexOfQuarter.set(quarterKey(at), buckets.length - 1);
  }
  return { buckets, indexOfQuarter };
}

/** The key the database gives a quarter hour: 'YYYY-MM-DD HH:MM' in UTC. */
export function quarterKey(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}
