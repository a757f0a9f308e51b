import { BeforeInsert, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { TimestampedEntity } from '../database/base.entity';
import { jsonColumn, uuidKeyColumn } from '../database/dialect';

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

  @BeforeInsert()
  protected assignId(): void {
    this.context_id ??= randomUUID();
  }
}
