import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintColumn, enumColumn, jsonColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';
import { FlowExecutionEntity } from './flow-execution.entity';

export const BACKUP_TYPES = ['full', 'incremental'] as const;
export type BackupType = (typeof BACKUP_TYPES)[number];
export const JOB_STATUSES = ['queued', 'starting', 'running', 'completed', 'failed', 'skipped', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One row per VM of an execution. */
@Entity('protection_flow_execution_jobs')
@Index('uq_execution_jobs_execution_vm', ['execution_id', 'vm_context_id'], { unique: true })
@Index('idx_execution_jobs_status', ['status'])
@Index('idx_execution_jobs_backup_job', ['backup_job_id'])
@Index('idx_execution_jobs_history', ['repository_id', 'vm_context_id', 'backup_type', 'status'])
@Index('idx_execution_jobs_vm_queued', ['vm_context_id', 'queued_at'])
@Index('idx_execution_jobs_last_backup', ['status', 'vm_context_id', 'completed_at'])
export class ExecutionJobEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  execution_id!: string;

  @Column({ type: 'varchar', length: 64 })
  vm_context_id!: string;

  @Column({ type: 'varchar', length: 255 })
  vm_name!: string;

  /** The repository the backup goes to (the flow's, when the run started). */
  @Column({ type: 'int', nullable: true })
  repository_id!: number | null;

  /** Position in the run: member priority, then VM name. */
  @Column({ type: 'int', default: 0 })
  dispatch_order!: number;

  @Column(enumColumn(BACKUP_TYPES, { nullable: true }))
  backup_type!: BackupType | null;

  @Column(enumColumn(JOB_STATUSES, { default: 'queued' }))
  status!: JobStatus;

  @Column({ type: 'int', default: 0 })
  attempt!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  backup_job_id!: string | null;

  /** Backup ids of earlier attempts (a retried job gets a new one); with backup_job_id, every backup this job started. */
  @Column(jsonColumn())
  previous_backup_ids!: string[] | null;

  @Column(bigintColumn({ default: 0 }))
  bytes_transferred!: number;

  @Column(bigintColumn({ nullable: true }))
  total_bytes!: number | null;

  @Column({ type: 'double', nullable: true })
  progress_percent!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  current_phase!: string | null;

  @Column({ type: 'text', nullable: true })
  error_message!: string | null;

  @Column(timestampColumn({ nullable: true }))
  queued_at!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  started_at!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  completed_at!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  last_update_at!: Date | null;

  @ManyToOne(() => FlowExecutionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'execution_id', foreignKeyConstraintName: 'fk_execution_jobs_execution' })
  execution?: FlowExecutionEntity;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
  }
}
