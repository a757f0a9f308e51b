import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { badRequest } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { redactUrl } from '../logging/redact';
import { EgressPolicy, EgressRefused } from '../security/egress-policy';
import { applyPatch } from '../common/patch';
import { CreateNotificationTargetDto, NotificationDeliveryResponse, NotificationTargetResponse, UpdateNotificationTargetDto } from './dto/notification.dto';
import { DeliveryStatus, NotificationDeliveryEntity, NotificationTargetEntity } from './notification.entities';
import { NotificationRepository, NotificationTargetRepository } from './notification.repository';

function toResponse(target: NotificationTargetEntity): NotificationTargetResponse {
  const { secret: _secret, url, ...rest } = target;
  return { ...rest, url: redactUrl(url) };
}

function toDelivery(delivery: NotificationDeliveryEntity): NotificationDeliveryResponse {
  const { body, locked_until: _locked, target: _target, ...rest } = delivery;
  return { ...rest, body: JSON.parse(body) as Record<string, unknown> };
}

/** Webhook targets: which events go where, signed with whose secret. */
@Injectable()
export class NotificationTargetsService {
  constructor(
    private readonly targets: NotificationTargetRepository,
    private readonly repository: NotificationRepository,
    private readonly egress: EgressPolicy,
  ) {}

  async create(dto: CreateNotificationTargetDto): Promise<NotificationTargetResponse> {
    await this.checkUrl(dto.url);
    const secret = dto.secret ?? randomBytes(24).toString('base64url');
    const saved = await this.targets.save(this.targets.create({ ...dto, secret, enabled: dto.enabled ?? true }), 'Notification target already exists', 'url');
    return { ...toResponse(saved), secret };
  }

  async list(page: Page): Promise<{ items: NotificationTargetResponse[]; total: number }> {
    const { items, total } = await this.targets.pageByAge(page);
    return { items: items.map(toResponse), total };
  }

  async get(id: string): Promise<NotificationTargetResponse> {
    return toResponse(await this.targets.get(id));
  }

  async update(id: string, dto: UpdateNotificationTargetDto): Promise<NotificationTargetResponse> {
    const target = await this.targets.get(id);
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    applyPatch(target, dto);
    return toResponse(await this.targets.save(target, 'Notification target already exists', 'url'));
  }

  async delete(id: string): Promise<void> {
    await this.targets.remove(await this.targets.get(id), `Notification target ${id} is still in use`);
  }

  /** A target the egress rules allow, without credentials (the signature secret authenticates the engine). */
  private async checkUrl(text: string): Promise<void> {
    const refuse = (problem: string) => badRequest(`The webhook URL is refused: ${problem}`, [{ field: 'url', problems: [problem] }]);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw refuse('it is not a URL such as https://receiver.example.com/hook');
    }
    if (url.username || url.password) throw refuse('it carries a user name or password; remove them, the signature secret authenticates the engine');
    try {
      await this.egress.checkHost(url.hostname);
    } catch (err) {
      if (err instanceof EgressRefused) throw refuse(`${err.message}; list its range in NOTIFICATION_ALLOWED_CIDRS to allow an internal receiver`);
      throw err;
    }
  }

  /** Newest first. */
  async deliveries(id: string, status: DeliveryStatus | undefined, page: Page): Promise<{ items: NotificationDeliveryResponse[]; total: number }> {
    await this.targets.get(id);
    const { items, total } = await this.repository.pageOfTarget(id, status, page);
    return { items: items.map(toDelivery), total };
  }
}
