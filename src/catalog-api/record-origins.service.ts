import { Injectable } from '@nestjs/common';
import { CatalogSyncRepository } from '../catalog-sync/catalog-sync.repository';
import { ImportedColumns } from '../catalog/record-source';

/** The last successful sync is read at most this often for a burst of answers. */
const FRESH_MS = 1000;

/**
 * When an imported record was last seen on the appliance: a record that is not missing was in every
 * successful sync since it was stored (a sync marks or removes what it does not find), so it was
 * seen at the latest one — which the catalog's rows need not be rewritten for.
 */
@Injectable()
export class RecordOrigins {
  private lastSuccess: { at: Date | null; readAt: number } = { at: null, readAt: 0 };

  constructor(private readonly syncs: CatalogSyncRepository) {}

  async of<T extends ImportedColumns>(records: T[]): Promise<T[]> {
    if (!records.some((r) => r.source === 'appliance' && !r.missing_since)) return records;
    const synced = await this.lastSucceededAt();
    return records.map((record) =>
      record.source === 'appliance' && !record.missing_since && synced && (!record.last_seen_at || synced > record.last_seen_at)
        ? { ...record, last_seen_at: synced }
        : record,
    );
  }

  async one<T extends ImportedColumns>(record: T): Promise<T> {
    return (await this.of([record]))[0];
  }

  private async lastSucceededAt(): Promise<Date | null> {
    if (Date.now() - this.lastSuccess.readAt > FRESH_MS) {
      this.lastSuccess = { at: (await this.syncs.latestSucceeded())?.finished_at ?? null, readAt: Date.now() };
    }
    return this.lastSuccess.at;
  }
}
