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
  /**
   * A VM context, protection group, schedule or policy is about to be deleted (`name`: its name, for
   * messages). Flows that use a schedule or policy refuse it unless `detach` is set, then let go of it.
   */
  'catalog.deleting': { kind: 'vm' | 'group' | 'schedule' | 'policy'; id: string; name: string; detach: boolean; actor: string };
  /** A schedule was created or changed (its timing or enabled state may differ). */
  'catalog.schedule-changed': { schedule_id: string };
  /** Flows were created, changed or deleted; handlers re-read them. `fields` holds what changed, when known. */
  'flows.changed': { flow_ids: string[]; change: 'created' | 'updated' | 'deleted'; fields?: Record<string, unknown> };
  /** Flows lost their schedule or policy because it was deleted (with detach); `notice` is what each flow now says. */
  'flows.detached': { flow_ids: string[]; kind: 'schedule' | 'policy'; name: string; notice: string };
  /** A flow is about to be deleted. */
  'flows.deleting': { flow_id: string };
  /** An execution was created: running, or pending behind its flow's running one — or a pending one started. */
  'execution.started': { execution_id: string; flow_id: string; execution_type: string; status: 'running' | 'pending' };
  /** A job of a running execution ended: the run's counts now. */
  'execution.progress': { execution_id: string; flow_id: string; jobs_completed: number; jobs_failed: number; jobs_running: number; jobs_queued: number };
  /** An execution reached its final status (exactly once per execution); `previous_outcome`: how the flow's run before it ended. */
  'execution.finished': { execution_id: string; flow_id: string; outcome: RunOutcome; execution_type: string; previous_outcome: RunOutcome | null };
  /** A job changed status, or made progress (at most every few seconds per job). */
  'job.updated': {
    execution_id: string;
    flow_id: string;
    job_id: string;
    vm_name: string;
    status: string;
    progress_percent?: number | null;
    bytes_transferred?: number | null;
    error_message?: string | null;
  };
  /** A scheduled occurrence got its outcome (fired, skipped, missed, caught up). */
  'occurrence.recorded': {
    flow_id: string;
    occurrence_id: string;
    scheduled_at: string;
    fired_at: string | null;
    outcome: string;
    execution_id: string | null;
  };
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
