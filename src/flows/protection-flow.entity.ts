import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BackupPolicyEntity } from '../catalog/backup-policy.entity';
import { BackupRepositoryEntity } from '../catalog/backup-repository.entity';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { UuidEntity } from '../database/base.entity';
import { booleanColumn, enumColumn, jsonColumn, timestampColumn } from '../database/dialect';

export const FLOW_TYPES = ['backup', 'replication'] as const;
export type FlowType = (typeof FLOW_TYPES)[number];
export const TARGET_TYPES = ['vm', 'group'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
export const DESTINATION_TYPES = ['ossea', 'vmware', 'hyperv'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];
export const LAST_EXECUTION_STATUSES = ['success', 'warning', 'error', 'running', 'pending', 'cancelled'] as const;
export type LastExecutionStatus = (typeof LAST_EXECUTION_STATUSES)[number];

export const CHECK_BACKUP_NEEDS_REPOSITORY = "flow_type <> 'backup' OR repository_id IS NOT NULL";
export const CHECK_REPLICATION_NEEDS_DESTINATION = "flow_type <> 'replication' OR destination_type IS NOT NULL";

@Entity('protection_flows')
@Index('uq_protection_flows_name', ['name'], { unique: true })
@Index('idx_flows_flow_type', ['flow_type'])
@Index('idx_flows_target', ['target_type', 'target_id'])
@Index('idx_flows_enabled', ['enabled'])
@Index('idx_flows_schedule', ['schedule_id'])
@Index('idx_flows_repository', ['repository_id'])
@Index('idx_flows_policy', ['policy_id'])
@Index('idx_flows_last_execution_time', ['last_execution_time'])
@Index('idx_flows_updated_at', ['updated_at'])
@Index('idx_flows_next_execution_time', ['next_execution_time'])
@Check('chk_flows_backup_repository', CHECK_BACKUP_NEEDS_REPOSITORY)
@Check('chk_flows_replication_destination', CHECK_REPLICATION_NEEDS_DESTINATION)
export class ProtectionFlowEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column(enumColumn(FLOW_TYPES))
  flow_type!: FlowType;

  @Column(enumColumn(TARGET_TYPES))
  target_type!: TargetType;

  /** A VM context id or a protection group id, depending on target_type (no FK: two targets). */
  @Column({ type: 'varchar', length: 64 })
  target_id!: string;

  @Column({ type: 'int', nullable: true })
  repository_id!: number | null;

  @Column({ type: 'int', nullable: true })
  policy_id!: number | null;

  @Column(enumColumn(DESTINATION_TYPES, { nullable: true }))
  destination_type!: DestinationType | null;

  @Column(jsonColumn())
  destination_config!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  schedule_id!: string | null;

  @Column(booleanColumn(true))
  enabled!: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  last_execution_id!: string | null;

  @Column(enumColumn(LAST_EXECUTION_STATUSES, { default: 'pending' }))
  last_execution_status!: LastExecutionStatus;

  @Column(timestampColumn({ nullable: true }))
  last_execution_time!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  next_execution_time!: Date | null;

  @Column({ type: 'int', default: 0 })
  total_executions!: number;

  @Column({ type: 'int', default: 0 })
  successful_executions!: number;

  @Column({ type: 'int', default: 0 })
  failed_executions!: number;

  @Column({ type: 'varchar', length: 255, default: 'system' })
  created_by!: string;

  /** What happened to the flow that its operator should know (it lost its schedule or policy), until it is edited to mend it. */
  @Column({ type: 'text', nullable: true })
  notice!: string | null;

  @Column(timestampColumn({ nullable: true }))
  notice_at!: Date | null;

  @ManyToOne(() => BackupRepositoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'repository_id', foreignKeyConstraintName: 'fk_flows_repository' })
  repository?: BackupRepositoryEntity | null;

  @ManyToOne(() => BackupPolicyEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'policy_id', foreignKeyConstraintName: 'fk_flows_policy' })
  policy?: BackupPolicyEntity | null;

  @ManyToOne(() => ScheduleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_flows_schedule' })
  schedule?: ScheduleEntity | null;
}
