import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintColumn, enumColumn, jsonColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { ExecutionMetadata } from './execution-metadata';

export const EXECUTION_STATUSES = ['pending', 'running', 'success', 'warning', 'error', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
/** `retry`: a run of another run's failed or cancelled VMs only (retry_of_execution_id). */
export const EXECUTION_TYPES = ['scheduled', 'manual', 'api', 'retry'] as const;
export type ExecutionType = (typeof EXECUTION_TYPES)[number];

@Entity('protection_flow_executions')
@Index('idx_executions_flow_started', ['flow_id', 'started_at'])
@Index('idx_executions_status', ['status'])
@Index('idx_executions_started_at', ['started_at'])
@Index('idx_executions_schedule_execution', ['schedule_execution_id'])
@Index('idx_executions_status_lease', ['status', 'lease_expires_at'])
@Index('idx_executions_retry_of', ['retry_of_execution_id'])
@Index('idx_executions_created', ['created_at', 'id'])
export class FlowExecutionEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  flow_id!: string;

  @Column(enumColumn(EXECUTION_STATUSES, { default: 'pending' }))
  status!: ExecutionStatus;

  @Column(enumColumn(EXECUTION_TYPES))
  execution_type!: ExecutionType;

  @Column({ type: 'int', default: 0 })
  jobs_created!: number;

  @Column({ type: 'int', default: 0 })
  jobs_completed!: number;

  @Column({ type: 'int', default: 0 })
  jobs_failed!: number;

  @Column({ type: 'int', default: 0 })
  jobs_skipped!: number;

  @Column(timestampColumn({ nullable: true }))
  started_at!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  completed_at!: Date | null;

  @Column({ type: 'int', nullable: true })
  execution_time_seconds!: number | null;

  @Column({ type: 'int', default: 0 })
  vms_processed!: number;

  @Column(bigintColumn({ default: 0 }))
  bytes_transferred!: number;

  @Column({ type: 'text', nullable: true })
  error_message!: string | null;

  @Column(jsonColumn())
  execution_metadata!: ExecutionMetadata | null;

  /** Every backup id this execution created; never truncated. */
  @Column(jsonColumn())
  created_job_ids!: string[] | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  schedule_execution_id!: string | null;

  @Column(timestampColumn({ defaultNow: true }))
  created_at!: Date;

  @Column({ type: 'varchar', length: 255, nullable: true })
  triggered_by!: string | null;

  /** A retry: the run whose failed VMs it runs again. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  retry_of_execution_id!: string | null;

  /** The engine replica driving this execution while it runs. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner_id!: string | null;

  /** The owner renews this; once it lapses another replica may take the execution over. */
  @Column(timestampColumn({ nullable: true }))
  lease_expires_at!: Date | null;

  @ManyToOne(() => ProtectionFlowEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'fk_executions_flow' })
  flow?: ProtectionFlowEntity;

  // Named, not imported: the scheduler module builds on this one, so its entity is not imported here.
  @ManyToOne('ScheduleExecutionEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'schedule_execution_id', foreignKeyConstraintName: 'fk_executions_schedule_execution' })
  schedule_execution?: object | null;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
    this.created_at ??= new Date();
  }
}
