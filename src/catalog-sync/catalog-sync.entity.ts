import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigAutoIncrementType, enumColumn, jsonColumn, timestampColumn } from '../database/dialect';

export const SYNC_OUTCOMES = ['succeeded', 'failed'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];
export const SYNC_TRIGGERS = ['start', 'interval', 'api'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/** What one sync changed, per kind of record. */
export interface SyncCounts {
  added: { vm_contexts: number; groups: number; memberships: number; repositories: number };
  updated: { vm_contexts: number; groups: number; memberships: number; repositories: number };
  removed: { vm_contexts: number; groups: number; memberships: number; repositories: number };
  /** Gone from the appliance but kept (flows or history refer to them), marked missing. */
  missing: { vm_contexts: number; groups: number; repositories: number };
  /** Records the sync could not take (a name a local record already has, an id too long), with why. */
  skipped: Array<{ kind: string; name: string; reason: string }>;
}

/** One catalog sync with the appliance: when, how it ended, what it changed (the last 100 are kept). */
@Entity('catalog_syncs')
@Index('idx_catalog_syncs_started', ['started_at'])
export class CatalogSyncEntity {
  @PrimaryGeneratedColumn({ type: bigAutoIncrementType() })
  id!: number | string;

  @Column(enumColumn(SYNC_TRIGGERS))
  trigger!: SyncTrigger;

  @Column(timestampColumn())
  started_at!: Date;

  @Column(timestampColumn())
  finished_at!: Date;

  @Column(enumColumn(SYNC_OUTCOMES))
  outcome!: SyncOutcome;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column(jsonColumn())
  counts!: SyncCounts | null;
}
