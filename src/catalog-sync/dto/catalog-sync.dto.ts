import { ApiProperty } from '@nestjs/swagger';
import { CATALOG_SOURCES, CatalogSource } from '../../config/app-config';
import { SYNC_OUTCOMES, SYNC_TRIGGERS, SyncOutcome, SyncTrigger } from '../catalog-sync.entity';

export class SyncedKinds {
  vm_contexts!: number;
  groups!: number;
  memberships!: number;
  repositories!: number;
}

export class MissingKinds {
  vm_contexts!: number;
  groups!: number;
  repositories!: number;
}

export class SkippedRecord {
  kind!: string;
  name!: string;
  reason!: string;
}

export class SyncCountsResponse {
  added!: SyncedKinds;
  updated!: SyncedKinds;
  removed!: SyncedKinds;
  /** Gone from the appliance but kept (flows or history refer to them), marked missing. */
  missing!: MissingKinds;
  /** Records not taken, with why (a name a local record already has, …). */
  @ApiProperty({ type: [SkippedRecord] })
  skipped!: SkippedRecord[];
}

/** One sync with the appliance. */
export class CatalogSyncResponse {
  @ApiProperty({ enum: SYNC_TRIGGERS, enumName: 'CatalogSyncTrigger' })
  trigger!: SyncTrigger;
  started_at!: Date;
  finished_at!: Date;
  @ApiProperty({ enum: SYNC_OUTCOMES, enumName: 'CatalogSyncOutcome' })
  outcome!: SyncOutcome;
  /** Why it failed (nothing was changed then). */
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  /** What it changed; null when it failed. */
  @ApiProperty({ type: SyncCountsResponse, nullable: true })
  counts!: SyncCountsResponse | null;
}

export class CatalogSyncStatusResponse {
  /** `appliance`: VMs, groups and repositories come from the Sendense appliance; `local`: they are kept here. */
  @ApiProperty({ enum: CATALOG_SOURCES, enumName: 'CatalogSource' })
  source!: CatalogSource;
  /** How often the engine reads the appliance's catalog (ms); null with a local catalog. */
  @ApiProperty({ type: Number, nullable: true })
  interval_ms!: number | null;
  /** The latest sync, whatever its outcome. */
  @ApiProperty({ type: CatalogSyncResponse, nullable: true })
  last_sync!: CatalogSyncResponse | null;
  /** When a sync last succeeded. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_success_at!: Date | null;
}
