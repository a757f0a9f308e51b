/**
 * The scheduled flows are divided into shares by the first four hex digits of their id (ids are
 * random UUIDs, so shares are even). Share s covers the ids from bound(s) up to bound(s + 1); the
 * first share starts below every id and the last has no end, so any id falls in exactly one share,
 * and a set of shares is a few ranges of the primary key.
 */
const KEY_SPACE = 0x10000;

export interface IdRange {
  /** Inclusive; null: from the lowest id. */
  from: string | null;
  /** Exclusive; null: to the highest id. */
  to: string | null;
}

function bound(share: number, shares: number): string | null {
  if (share <= 0) return null;
  if (share >= shares) return null;
  return Math.ceil((share * KEY_SPACE) / shares)
    .toString(16)
    .padStart(4, '0');
}

/** The share a flow id belongs to: the same answer as the id ranges give in SQL. */
export function shareOf(flowId: string, shares: number): number {
  let low = 0;
  let high = shares - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (flowId >= (bound(mid, shares) as string)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The id ranges of a set of shares, neighbours merged. */
export function rangesOf(held: Iterable<number>, shares: number): IdRange[] {
  const sorted = [...new Set(held)].filter((s) => s >= 0 && s < shares).sort((a, b) => a - b);
  const ranges: IdRange[] = [];
  let start = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (start < 0) start = sorted[i];
    if (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) continue;
    ranges.push({ from: bound(start, shares), to: sorted[i] + 1 >= shares ? null : bound(sorted[i] + 1, shares) });
    start = -1;
  }
  return ranges;
}

/** How many shares the replica at `rank` (0-based, by owner id) among `replicas` live ones should hold. */
export function fairCount(shares: number, replicas: number, rank: number): number {
  const base = Math.floor(shares / replicas);
  return base + (rank < shares % replicas ? 1 : 0);
}
