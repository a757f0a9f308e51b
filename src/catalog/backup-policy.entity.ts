import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampedEntity } from '../database/base.entity';
import { booleanColumn, jsonColumn } from '../database/dialect';

export const COPY_MODES = ['immediate', 'scheduled'] as const;
export type CopyMode = (typeof COPY_MODES)[number];

export interface CopyRule {
  destination_repository_id: number;
  copy_mode: CopyMode;
  enabled: boolean;
}

@Entity('backup_policies')
@Index('uq_backup_policies_name', ['name'], { unique: true })
export class BackupPolicyEntity extends TimestampedEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column(booleanColumn(true))
  enabled!: boolean;

  @Column({ type: 'int', default: 30 })
  retention_days!: number;

  @Column(jsonColumn())
  copy_rules!: CopyRule[] | null;
}
