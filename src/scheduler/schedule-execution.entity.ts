import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { enumColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';

export const OCCURRENCE_OUTCOMES = ['fired', 'skipped_overlap', 'skipped_disabled', 'missed', 'caught_up'] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

/** One row per occurrence of a flow's schedule; the unique key makes an occurrence fire once. */
@Entity('schedule_executions')
@Index('uq_schedule_executions_flow_occurrence', ['flow_id', 'scheduled_at'], { unique: true })
@Index('idx_schedule_executions_schedule', ['schedule_id'])
export class ScheduleExecutionEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  schedule_id!: string | null;

  @Column({ type: 'varchar', length: 64 })
  flow_id!: string;

  @Column(timestampColumn())
  scheduled_at!: Date;

  @Column(timestampColumn({ nullable: true }))
  fired_at!: Date | null;

  @Column(enumColumn(OCCURRENCE_OUTCOMES))
  outcome!: OccurrenceOutcome;

  @Column({ type: 'varchar', length: 64, nullable: true })
  flow_execution_id!: string | null;

  @ManyToOne(() => ScheduleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'fk_schedule_executions_schedule' })
  schedule?: ScheduleEntity | null;

  @ManyToOne(() => ProtectionFlowEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'flow_id', foreignKeyConstraintName: 'fk_schedule_executions_flow' })
  flow?: ProtectionFlowEntity;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
  }
}
