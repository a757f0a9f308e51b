import { Column, Entity, Index } from 'typeorm';
import { UuidEntity } from '../database/base.entity';
import { booleanColumn, enumColumn } from '../database/dialect';

export const CATCHUP_POLICIES = ['skip', 'run_once'] as const;
export type CatchupPolicy = (typeof CATCHUP_POLICIES)[number];

@Entity('schedules')
@Index('uq_schedules_name', ['name'], { unique: true })
export class ScheduleEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 255 })
  cron_expression!: string;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone!: string;

  @Column(booleanColumn(true))
  enabled!: boolean;

  @Column(booleanColumn(true))
  skip_if_running!: boolean;

  @Column({ type: 'int', default: 0 })
  retry_attempts!: number;

  @Column({ type: 'int', default: 30 })
  retry_delay_minutes!: number;

  @Column(enumColumn(CATCHUP_POLICIES, { default: 'run_once' }))
  catchup_policy!: CatchupPolicy;

  @Column({ type: 'int', default: 60 })
  catchup_window_minutes!: number;
}
