import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/base.entity';

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
}
