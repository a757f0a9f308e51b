import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Page } from '../common/pagination.dto';
import { applyPatch } from '../common/patch';
import { CreateNotificationTargetDto, NotificationDeliveryResponse, NotificationTargetResponse, UpdateNotificationTargetDto } from './dto/notification.dto';
import { DeliveryStatus, NotificationDeliveryEntity, NotificationTargetEntity } from './notification.entities';
import { NotificationRepository } from './notification.repository';

function toResponse(target: NotificationTargetEntity): NotificationTargetResponse {
  const { secret: _secret, ...rest } = target;
  return rest;
}

function toDelivery(delivery: NotificationDeliveryEntity): NotificationDeliveryResponse {
  const { body, locked_until: _locked, target: _target, ...rest } = delivery;
  return { ...rest, body: JSON.parse(body) as Record<string, unknown> };
}

/** Webhook targets: which events go where, signed with whose secret. */
@Injectable()
export class NotificationTargetsService {
  constructor(private readonly repository: NotificationRepository) {}

  async create(dto: CreateNotificationTargetDto): Promise<NotificationTargetResponse> {
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    const saved = await this.repository.targetStore.save(
      this.repository.targetStore.repository.create({ ...dto, secret, enabled: dto.enabled ?? true }),
      'Notification target already exists',
      'url',
    );
    return { ...toResponse(saved), secret };
  }

  async list(page: Page): Promise<{ items: NotificationTargetResponse[]; total: number }> {
    const { items, total } = await this.repository.targetStore.page({ order: { created_at: 'ASC' } }, page);
    return { items: items.map(toResponse), total };
  }

  async get(id: string): Promise<NotificationTargetResponse> {
    return toResponse(await this.repository.targetStore.get(id));
  }

  async update(id: string, dto: UpdateNotificationTargetDto): Promise<NotificationTargetResponse> {
    const target = await this.repository.targetStore.get(id);
    applyPatch(target, dto);
    return toResponse(await this.repository.targetStore.save(target, 'Notification target already exists', 'url'));
  }

  async delete(id: string): Promise<void> {
    await this.repository.targetStore.delete(id, `Notification target ${id} is still in use`);
  }

  /** Newest first. */
  async deliveries(id: string, status: DeliveryStatus | undefined, page: Page): Promise<{ items: NotificationDeliveryResponse[]; total: number }> {
    await this.repository.targetStore.get(id);
    const { items, total } = await this.repository.pageOfTarget(id, status, page);
    return { items: items.map(toDelivery), total };
  }
}
