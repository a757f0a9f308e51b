import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, EventEmitterReadinessWatcher, OnEvent } from '@nestjs/event-emitter';
import { describeError } from '../common/describe-error';

/** How a finished execution ended. */
export type RunOutcome = 'success' | 'warning' | 'error' | 'cancelled';

/**
 * Every reaction across modules to what happened, by event name. A module emits what happened; the
 * module that reacts declares its handler with @OnDomainEvent, next to the code it runs. Events only
 * tell of what is done: a module that may refuse a change is asked before it (DeletionChecks).
 */
export interface DomainEventMap {
  /** A schedule was created or changed (its timing or enabled state may differ). */
  'catalog.schedule-changed': { schedule_id: string };
  /** Flows were created, changed or deleted; handlers re-read them. `fields` holds what changed, when known. */
  'flows.changed': { flow_ids: string[]; change: 'created' | 'updated' | 'deleted'; fields?: Record<string, unknown> };
  /** Flows lost their schedule or policy because it was deleted (with detach); `notice` is what each flow now says. */
  'flows.detached': { flow_ids: string[]; kind: 'schedule' | 'policy'; name: string; notice: string };
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

/** Handlers that need not finish before the emitter goes on listen under this name. */
const later = (name: DomainEventName): string => `${name}:after`;

/**
 * The one way modules tell each other what happened. Handlers marked `awaited` run before `emit`
 * returns (their effect must be visible when the call that caused the event answers: a flow's
 * CronJob, its next run time); every other handler runs right after, in order of emission, without
 * holding up the request — its failure is logged.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly readiness: EventEmitterReadinessWatcher,
  ) {}

  /** Runs the awaited handlers of `name` (an error reaches the caller), then the others, without waiting. */
  async emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    // Handlers are attached when the application bootstraps; an event sent earlier waits for them.
    await this.readiness.waitUntilReady();
    await this.emitter.emitAsync(name, payload);
    setImmediate(() => {
      this.emitter
        .emitAsync(later(name), payload)
        .catch((err: unknown) => this.logger.error({ msg: `a handler of ${name} failed`, error: describeError(err) }));
    });
  }
}

/**
 * Declares a method as the handler of a domain event; the payload type follows the event name.
 * `awaited`: the emitter waits for it (only where the caller's answer depends on its effect).
 */
export function OnDomainEvent<K extends DomainEventName>(name: K, options: { awaited?: boolean } = {}) {
  const decorate = OnEvent(options.awaited ? name : later(name), { async: false, promisify: true, suppressErrors: false });
  return <T extends Handler<K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    decorate(target, key, descriptor);
  };
}
