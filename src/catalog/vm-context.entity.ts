import { BeforeInsert, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { TimestampedEntity } from '../database/base.entity';
import { enumColumn, jsonColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';
import { RECORD_SOURCES, RecordSource } from './record-source';

export interface VmDisk {
  disk_id: string;
  size_gb: number;
}

@Entity('vm_contexts')
@Index('uq_vm_contexts_vm_name', ['vm_name'], { unique: true })
export class VmContextEntity extends TimestampedEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'context_id' })
  context_id!: string;

  @Column({ type: 'varchar', length: 255 })
  vm_name!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  vmware_vm_id!: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  vm_path!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  vcenter_host!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  datacenter!: string | null;

  @Column({ type: 'int', nullable: true })
  cpu_count!: number | null;

  @Column({ type: 'int', nullable: true })
  memory_mb!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  os_type!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  power_state!: string | null;

  @Column(jsonColumn())
  disks!: VmDisk[] | null;

  /** `appliance`: imported from the Sendense appliance's catalog (read-only here); `local`: made through this engine. */
  @Column(enumColumn(RECORD_SOURCES, { default: 'local' }))
  source!: RecordSource;

  /** Imported records: when a sync last found it on the appliance (null for local records). */
  @Column(timestampColumn({ nullable: true }))
  last_seen_at!: Date | null;

  /** Imported records the appliance no longer has, kept because flows or history refer to them: since when. */
  @Column(timestampColumn({ nullable: true }))
  missing_since!: Date | null;

  @BeforeInsert()
  protected assignId(): void {
    this.context_id ??= randomUUID();
  }
}
