import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NotificationDeliveryEntity } from './notification.entities';
import { NotificationRepository, NotificationTargetRepository } from './notification.repository';
import { WebhookPoster } from './webhook-poster';
import { SIGNATURE_HEADER, sign } from './webhook-signature';
import { describeError } from '../common/describe-error';

const BATCH = 20;
const LOCK_MS = 30_000;
const SEND_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Sends due deliveries, signed, and retries failures with exponential backoff until they expire
 * (24 h). A sender locks a delivery before sending it, so replicas never send one twice at once;
 * a 2xx answer ends it.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationSender');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly targets: NotificationTargetRepository,
    private readonly config: AppConfig,
    private readonly poster: WebhookPoster,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.poke(), Math.min(1000, this.config.NOTIFICATION_RETRY_BASE_MS));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Look for due deliveries now (one pass at a time; a poke during a pass runs one more). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sendDue()
      .catch((err: unknown) => this.logger.error({ msg: 'notification pass failed', error: describeError(err) }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async sendDue(): Promise<void> {
    const now = new Date();
    const due = await this.repository.due(now, BATCH);
    await Promise.all(
      due.map(async (delivery) => {
        if (await this.repository.lock(delivery.id, now, new Date(now.getTime() + LOCK_MS))) await this.send(delivery);
      }),
    );
    if (due.length === BATCH) this.again = true;
  }

  private async send(delivery: NotificationDeliveryEntity): Promise<void> {
    const target = await this.targets.findByKeys([delivery.target_id]);
    if (!target[0]) return;
    const attempt = delivery.attempts + 1;
    const at = new Date();
    const { status, error } = await this.poster.post(
      target[0].url,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'protection-flow-engine',
        'X-PFE-Event': delivery.event,
        'X-PFE-Delivery': delivery.id,
        [SIGNATURE_HEADER]: sign(target[0].secret, delivery.body, Math.floor(at.getTime() / 1000)),
      },
      delivery.body,
      SEND_TIMEOUT_MS,
    );
    if (error === null) {
      return this.repository.recordAttempt(delivery.id, {
        status: 'delivered',
        attempts: attempt,
        last_status: status,
        last_error: null,
        last_attempt_at: at,
        delivered_at: new Date(),
      });
    }
    const next = new Date(at.getTime() + backoff(this.config.NOTIFICATION_RETRY_BASE_MS, attempt));
    const expired = next.getTime() > delivery.expires_at.getTime();
    if (expired) this.logger.warn({ msg: 'notification given up', delivery_id: delivery.id, target_id: delivery.target_id, attempts: attempt, error });
    await this.repository.recordAttempt(delivery.id, {
      status: expired ? 'failed' : 'pending',
      attempts: attempt,
      next_attempt_at: next,
      last_status: status,
      last_error: error,
      last_attempt_at: at,
    });
  }
}

/** base, 2×base, 4×base … at most an hour, with up to 20% jitter. */
function backoff(baseMs: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1)) * (1 + Math.random() * 0.2);
}
