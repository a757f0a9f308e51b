import { And, FindOperator, LessThan, MoreThan, MoreThanOrEqual } from 'typeorm';

/** A range of string keys: `from` inclusive, `to` exclusive; null leaves that end open. */
export interface IdRange {
  from: string | null;
  to: string | null;
}

/**
 * The id conditions of a keyed read limited to some ranges (and to keys after `after`, for paging):
 * one condition per range that can still hold a key, undefined for an unbounded one. Read with an
 * array `where` (one entry per range), these are range scans of the primary key.
 */
export function idConditions(ranges: readonly IdRange[], after: string | null = null): Array<FindOperator<string> | undefined> {
  const conditions: Array<FindOperator<string> | undefined> = [];
  for (const range of ranges) {
    if (after !== null && range.to !== null && range.to <= after) continue;
    const parts: Array<FindOperator<string>> = [];
    if (after !== null && (range.from === null || range.from <= after)) parts.push(MoreThan(after));
    else if (range.from !== null) parts.push(MoreThanOrEqual(range.from));
    if (range.to !== null) parts.push(LessThan(range.to));
    conditions.push(parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : And(...parts));
  }
  return conditions;
}
