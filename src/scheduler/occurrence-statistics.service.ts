import { Injectable } from '@nestjs/common';
import { OccurrenceRepository } from './occurrence.repository';

/** Scheduled occurrences that did not run, for the flows summary. */
@Injectable()
export class OccurrenceStatistics {
  constructor(private readonly occurrences: OccurrenceRepository) {}

  /** Occurrences skipped (overlap, disabled) or missed since the given instant. */
  countSkippedSince(since: Date): Promise<number> {
    return this.occurrences.countSince(['skipped_overlap', 'skipped_disabled', 'missed'], since);
  }
}
