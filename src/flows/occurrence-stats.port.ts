/** What the flows summary needs from the scheduler; the scheduler module provides it. */
export abstract class OccurrenceStats {
  /** Scheduled runs skipped (overlap, disabled, missed) since the given instant. */
  abstract countSkippedSince(since: Date): Promise<number>;
}
