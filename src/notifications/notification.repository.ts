import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { CrudRepository } from '../database/crud.repository';
import { DeliveryStatus, NotificationDeliveryEntity, NotificationEvent, NotificationTargetEntity } from './notification.entities';

/** Webhook targets. */
@Injectable()
export class NotificationTargetRepository extends CrudRepository<NotificationTargetEntity> {
  constructor(@InjectRepository(NotificationTargetEntity) orm: Repository<NotificationTargetEntity>) {
    super(orm, 'Notification target', 'id');
  }

  /** Enabled targets that want this event. */
  async subscribers(event: NotificationEvent): Promise<NotificationTargetEntity[]> {
    const enabled = await this.orm.findBy({ enabled: true });
    return enabled.filter((t) => t.events.includes(event));
  }

  /** In the order they were created. */
  pageByAge(page: Page): Promise<{ items: NotificationTargetEntity[]; total: number }> {
    return this.page({ order: { created_at: 'ASC' } }, page);
  }
}

/** Deliveries: one row per event and target, sent and retried by NotificationSender. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectRepository(NotificationDeliveryEntity) private readonly deliveries: Repository<NotificationDeliveryEntity>) {}

  async addDeliveries(rows: Array<Pick<NotificationDeliveryEntity, 'target_id' | 'event' | 'body' | 'next_attempt_at' | 'expires_at'>>): Promise<void> {
    if (rows.length > 0) await this.deliveries.save(rows.map((row) => this.deliveries.create({ ...row, status: 'pending', attempts: 0 })));
  }

  /** Pending deliveries due now that no sender holds. */
  due(now: Date, limit: number): Promise<NotificationDeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where('d.status = :status AND d.next_attempt_at <= :now', { status: 'pending', now })
      .andWhere(new Brackets((q) => q.where('d.locked_until IS NULL').orWhere('d.locked_until < :now', { now })))
      .orderBy('d.next_attempt_at', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Takes a due delivery for `until`; false when another sender took it first. */
  async lock(id: string, now: Date, until: Date): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ locked_until: until })
      .where('id = :id AND status = :status', { id, status: 'pending' })
      .andWhere(new Brackets((q) => q.where('locked_until IS NULL').orWhere('locked_until < :now', { now })))
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async recordAttempt(
    id: string,
    patch: Partial<
      Pick<NotificationDeliveryEntity, 'status' | 'attempts' | 'next_attempt_at' | 'last_status' | 'last_error' | 'last_attempt_at' | 'delivered_at'>
    >,
  ): Promise<void> {
    await this.deliveries.update({ id }, { ...patch, locked_until: null });
  }

  async pageOfTarget(targetId: string, status: DeliveryStatus | undefined, page: Page): Promise<{ items: NotificationDeliveryEntity[]; total: number }> {
    const [items, total] = await this.deliveries.findAndCount({
      where: { target_id: targetId, status },
      order: { created_at: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }
}
