import { Injectable } from '@nestjs/common';
import { OccurrenceStats } from '../flows/occurrence-stats.port';
import { OccurrenceLedger } from './occurrence-ledger';

@Injectable()
export class OccurrenceStatsReader extends OccurrenceStats {
  constructor(private readonly ledger: OccurrenceLedger) {
    super();
  }

  countSkippedSince(since: Date): Promise<number> {
    return this.ledger.countSince(['skipped_overlap', 'skipped_disabled', 'missed'], since);
  }
}
