import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { enumColumn, jsonColumn, timestampColumn } from '../database/dialect';
import { FlowExecutionEntity } from './flow-execution.entity';

export const EVENT_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

/** The job log: one row per step of an execution. */
@Entity('protection_flow_execution_events')
@Index('idx_execution_events_execution_at', ['execution_id', 'at'])
export class ExecutionEventEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  execution_id!: string;

  @Column(timestampColumn({ defaultNow: true }))
  at!: Date;

  @Column(enumColumn(EVENT_LEVELS, { default: 'info' }))
  level!: EventLevel;

  @Column({ type: 'varchar', length: 64 })
  step!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column(jsonColumn())
  data!: Record<string, unknown> | null;

  @ManyToOne(() => FlowExecutionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'execution_id', foreignKeyConstraintName: 'fk_execution_events_execution' })
  execution?: FlowExecutionEntity;
}
