import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigAutoIncrementType, jsonColumn, timestampColumn } from '../database/dialect';

/** The change stream's journal: what changed, in order, from every replica; kept for 10 minutes. */
@Entity('change_events')
@Index('idx_change_events_at', ['at'])
export class ChangeEventEntity {
  /** Increasing; the stream's event id (a client resumes after it with Last-Event-ID). mysql2 reads BIGINT as a string. */
  @PrimaryGeneratedColumn({ type: bigAutoIncrementType() })
  id!: number | string;

  @Column(timestampColumn({ defaultNow: true }))
  at!: Date;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column(jsonColumn())
  payload!: Record<string, unknown> | null;
}
