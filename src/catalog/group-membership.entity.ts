import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { booleanColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';
import { ProtectionGroupEntity } from './protection-group.entity';
import { VmContextEntity } from './vm-context.entity';

@Entity('protection_group_memberships')
@Index('uq_memberships_group_vm', ['group_id', 'vm_context_id'], { unique: true })
@Index('idx_memberships_vm', ['vm_context_id'])
export class GroupMembershipEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  group_id!: string;

  @Column({ type: 'varchar', length: 64 })
  vm_context_id!: string;

  @Column(booleanColumn(true))
  enabled!: boolean;

  /** Lower runs first. */
  @Column({ type: 'int', default: 0 })
  priority!: number;

  @Column({ ...timestampColumn({ defaultNow: true }) })
  added_at!: Date;

  @Column({ type: 'varchar', length: 255, default: 'system' })
  added_by!: string;

  @ManyToOne(() => ProtectionGroupEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_memberships_group' })
  group?: ProtectionGroupEntity;

  @ManyToOne(() => VmContextEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'vm_context_id', referencedColumnName: 'context_id', foreignKeyConstraintName: 'fk_memberships_vm' })
  vm_context?: VmContextEntity;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
    this.added_at ??= new Date();
  }
}
