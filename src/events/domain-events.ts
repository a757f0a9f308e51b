import { Injectable } from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher, OnEvent } from '@nestjs/event-emitter';

/** How a finished execution ended. */
export type RunOutcome = 'success' | 'warning' | 'error' | 'cancelled';

/**
 * Every reaction across modules, by event name. A module emits what happened; the module that
 * reacts declares its handler with @OnDomainEvent, next to the code it runs.
 *
 * `emit` waits for every handler. Events whose name ends in `deleting` are asked before the change:
 * a handler refuses it by throwing an ApiError, which reaches the caller unchanged.
 */
export interface DomainEventMap {
  /** A VM context, protection group or schedule is about to be deleted. */
  'catalog.deleting': { kind: 'vm' | 'group' | 'schedule'; id: string };
  /** A schedule was created or changed (its timing or enabled state may differ). */
  'catalog.schedule-changed': { schedule_id: string };
  /** Flows were created, changed or deleted; handlers re-read them. */
  'flows.changed': { flow_ids: string[] };
  /** A flow is about to be deleted. */
  'flows.deleting': { flow_id: string };
  /** An execution reached its final status (exactly once per execution). */
  'execution.finished': { execution_id: string; flow_id: string; outcome: RunOutcome };
}

export type DomainEventName = keyof DomainEventMap;

type Handler<K extends DomainEventName> = (payload: DomainEventMap[K]) => Promise<void> | void;

/** The one way modules tell each other what happened. */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly emitter: EventEmitter2,
    private readonly readiness: EventEmitterReadinessWatcher,
  ) {}

  /** Runs every handler of `name` and waits for them; a handler's error reaches the caller. */
  async emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    // Handlers are attached when the application bootstraps; an event sent earlier waits for them.
    await this.readiness.waitUntilReady();
    await this.emitter.emitAsync(name, payload);
  }
}

/** Declares a method as the handler of a domain event; the payload type follows the event name. */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  const decorate = OnEvent(name, { async: false, promisify: true, suppressErrors: false });
  return <T extends Handler<K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    decorate(target, key, descriptor);
  };
}
