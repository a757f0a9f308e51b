import { ApiError } from '../common/api-error';
import { HttpStatus } from '@nestjs/common';

/** Where a catalog record comes from: made through this engine, or imported from the appliance (CATALOG_SOURCE=appliance). */
export const RECORD_SOURCES = ['local', 'appliance'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];

/** The columns an importable record carries (VM contexts, protection groups, repositories). */
export interface ImportedColumns {
  source: RecordSource;
  last_seen_at: Date | null;
  missing_since: Date | null;
}

/** 409 for a write to a record the appliance owns. */
export function belongsToAppliance(what: string): ApiError {
  return new ApiError(
    HttpStatus.CONFLICT,
    `${what} belongs to the Sendense appliance (it is imported from its catalog): change it there; the next sync brings the change here`,
  );
}

/** Refuses a write to an imported record. */
export function refuseIfImported(record: { source?: RecordSource }, what: string): void {
  if (record.source === 'appliance') throw belongsToAppliance(what);
}
