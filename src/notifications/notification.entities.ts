import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UuidEntity } from '../database/base.entity';
import { booleanColumn, enumColumn, jsonColumn, timestampColumn, uuidKeyColumn } from '../database/dialect';

export const NOTIFICATION_EVENTS = [
  'execution.failed',
  'execution.warning',
  'execution.recovered',
  'occurrence.missed',
  'flow.unscheduled',
  'flow.policy_removed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A webhook that wants to hear of some events. */
@Entity('notification_targets')
export class NotificationTargetEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column(jsonColumn({ nullable: false }))
  events!: NotificationEvent[];

  /** Signs every delivery (HMAC-SHA256); never returned by the API after creation. */
  @Column({ type: 'varchar', length: 255 })
  secret!: string;

  @Column(booleanColumn(true))
  enabled!: boolean;
}

/** One event for one target: a row until it is delivered or given up (so a restart loses nothing). */
@Entity('notification_deliveries')
@Index('idx_notification_deliveries_due', ['status', 'next_attempt_at'])
@Index('idx_notification_deliveries_target', ['target_id', 'created_at'])
export class NotificationDeliveryEntity {
  @PrimaryColumn({ ...uuidKeyColumn(), name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  target_id!: string;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  /** The exact body sent (and signed). */
  @Column({ type: 'text' })
  body!: string;

  @Column(enumColumn(DELIVERY_STATUSES, { default: 'pending' }))
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column(timestampColumn())
  next_attempt_at!: Date;

  /** A sender holds the delivery until then (so two replicas never send it at once). */
  @Column(timestampColumn({ nullable: true }))
  locked_until!: Date | null;

  /** Retried until then (24 h after the event), then given up. */
  @Column(timestampColumn())
  expires_at!: Date;

  @Column({ type: 'int', nullable: true })
  last_status!: number | null;

  @Column({ type: 'text', nullable: true })
  last_error!: string | null;

  @Column(timestampColumn({ nullable: true }))
  last_attempt_at!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  delivered_at!: Date | null;

  @Column(timestampColumn({ defaultNow: true }))
  created_at!: Date;

  @ManyToOne(() => NotificationTargetEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'fk_notification_deliveries_target' })
  target?: NotificationTargetEntity;

  @BeforeInsert()
  protected assignId(): void {
    this.id ??= randomUUID();
    this.created_at ??= new Date();
  }
}
