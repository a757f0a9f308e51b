import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { FlowsService } from '../flows/flows.service';
import { NotificationEvent } from './notification.entities';
import { NotificationRepository, NotificationTargetRepository } from './notification.repository';
import { NotificationSender } from './notification-sender.service';
import { describeError } from '../common/describe-error';

/** Deliveries are retried for this long after the event, then given up. */
const RETRY_FOR_MS = 24 * 60 * 60_000;

/**
 * Turns domain events into deliveries: a row per subscribed target, written at once and sent by
 * NotificationSender — so a run never waits for a webhook, and a restart loses nothing.
 */
@Injectable()
export class NotificationPublisher {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly repository: NotificationRepository,
    private readonly targets: NotificationTargetRepository,
    private readonly flows: FlowsService,
    private readonly sender: NotificationSender,
  ) {}

  @OnDomainEvent('execution.finished')
  async executionFinished(event: DomainEventMap['execution.finished']): Promise<void> {
    const name = notificationOf(event);
    if (name) await this.publish(name, event.flow_id, { ...event });
  }

  @OnDomainEvent('occurrence.recorded')
  async occurrenceRecorded(event: DomainEventMap['occurrence.recorded']): Promise<void> {
    if (event.outcome === 'missed') await this.publish('occurrence.missed', event.flow_id, { ...event });
  }

  /** A flow lost its schedule (it runs on demand only now) or its policy: someone should look. */
  @OnDomainEvent('flows.detached')
  async flowsDetached({ flow_ids, kind, name, notice }: DomainEventMap['flows.detached']): Promise<void> {
    const event = detachedEvent(kind);
    for (const flowId of flow_ids) await this.publish(event, flowId, { flow_id: flowId, [`${kind}_name`]: name, notice });
  }

  private async publish(event: NotificationEvent, flowId: string, data: Record<string, unknown>): Promise<void> {
    try {
      const targets = await this.targets.subscribers(event);
      if (targets.length === 0) return;
      const [flow] = await this.flows.findMany([flowId]);
      const now = new Date();
      await this.repository.addDeliveries(
        targets.map((target) => {
          const id = randomUUID();
          const body = JSON.stringify({ delivery_id: id, event, occurred_at: now.toISOString(), data: { ...data, flow_name: flow?.name ?? null } });
          return { id, target_id: target.id, event, body, next_attempt_at: now, expires_at: new Date(now.getTime() + RETRY_FOR_MS) };
        }),
      );
      this.sender.poke();
    } catch (err) {
      // A notification must never break the run that caused it; the reason is logged.
      this.logger.error({ msg: 'could not record notifications', event, flow_id: flowId, error: describeError(err) });
    }
  }
}

/** execution.failed (error), execution.warning, execution.recovered (a success after an error or warning). */
function notificationOf(event: DomainEventMap['execution.finished']): NotificationEvent | null {
  if (event.outcome === 'error') return 'execution.failed';
  if (event.outcome === 'warning') return 'execution.warning';
  if (event.outcome === 'success' && (event.previous_outcome === 'error' || event.previous_outcome === 'warning')) return 'execution.recovered';
  return null;
}

/** flow.unscheduled (its schedule was deleted) or flow.policy_removed. */
function detachedEvent(kind: DomainEventMap['flows.detached']['kind']): 'flow.unscheduled' | 'flow.policy_removed' {
  return kind === 'schedule' ? 'flow.unscheduled' : 'flow.policy_removed';
}
