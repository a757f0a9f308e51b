import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { ChangeEvent, ChangeEventRepository } from './change-event.repository';
import { describeError } from '../common/describe-error';

const POLL_EVERY_MS = 1000;
const BATCH = 1000;

/** One connected stream client. */
export interface StreamSubscriber {
  send(event: ChangeEvent): void;
  close(): void;
}

interface Subscription {
  subscriber: StreamSubscriber;
  lastId: number;
}

/**
 * Fans the journal out to connected clients: polls change_events for rows after the oldest
 * position any client is at (every second while someone listens, and at once after a local write),
 * and sends each client what it has not seen.
 */
@Injectable()
export class ChangeStream implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ChangeStream');
  private readonly subscriptions = new Set<Subscription>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private again = false;

  constructor(private readonly events: ChangeEventRepository) {}

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  /** Starts sending changes after `lastEventId` (a reconnecting client), or from now. */
  async subscribe(subscriber: StreamSubscriber, lastEventId?: number): Promise<() => void> {
    const subscription: Subscription = { subscriber, lastId: lastEventId ?? (await this.events.lastId()) };
    this.subscriptions.add(subscription);
    this.timer ??= setInterval(() => this.poke(), POLL_EVERY_MS);
    if (lastEventId !== undefined) this.poke();
    return () => {
      this.subscriptions.delete(subscription);
      if (this.subscriptions.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Something was written: look now (one poll at a time; a poke during a poll runs one more). */
  poke(): void {
    if (this.subscriptions.size === 0) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.pollOnce()
      .catch((err: unknown) => this.logger.warn({ msg: 'change stream poll failed', error: describeError(err) }))
      .finally(() => {
        this.polling = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
    for (const { subscriber } of this.subscriptions) subscriber.close();
    this.subscriptions.clear();
  }

  private async pollOnce(): Promise<void> {
    const from = Math.min(...[...this.subscriptions].map((s) => s.lastId));
    const rows = await this.events.after(from, BATCH);
    for (const subscription of this.subscriptions) {
      for (const row of rows) {
        if (row.id <= subscription.lastId) continue;
        subscription.subscriber.send(row);
        subscription.lastId = row.id;
      }
    }
    if (rows.length === BATCH) this.again = true;
  }
}
