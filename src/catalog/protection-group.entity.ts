import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/base.entity';
import { enumColumn, timestampColumn } from '../database/dialect';
import { RECORD_SOURCES, RecordSource } from './record-source';

/** A "machine group": a set of VMs protected together. */
@Entity('protection_groups')
@Index('uq_protection_groups_name', ['name'], { unique: true })
export class ProtectionGroupEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** How many of the group's VMs may be backed up at once — not a size cap. */
  @Column({ type: 'int', default: 5 })
  max_concurrent_vms!: number;

  @Column({ type: 'int', default: 0 })
  priority!: number;

  @Column({ type: 'varchar', length: 255, default: 'system' })
  created_by!: string;

  /** `appliance`: imported from the Sendense appliance's catalog (read-only here); `local`: made through this engine. */
  @Column(enumColumn(RECORD_SOURCES, { default: 'local' }))
  source!: RecordSource;

  /** Imported records: when a sync last found (or changed) it on the appliance; null for local records. */
  @Column(timestampColumn({ nullable: true }))
  last_seen_at!: Date | null;

  /** Imported records the appliance no longer has, kept because flows or history refer to them: since when. */
  @Column(timestampColumn({ nullable: true }))
  missing_since!: Date | null;
}
