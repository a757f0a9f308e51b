import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DomainEventMap, DomainEventName, OnDomainEvent } from '../events/domain-events';
import { ChangeEventRepository, NewChangeEvent } from './change-event.repository';
import { ChangeStream } from './change-stream.service';
import { describeError } from '../common/describe-error';

const FLUSH_EVERY_MS = 200;
const FLUSH_AT = 500;
/** How long events stay resumable (Last-Event-ID). */
export const RETENTION_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Writes every change the stream carries into change_events (in batches), so that each replica's
 * stream sends the changes of all replicas, in one order, resumable for RETENTION_MS.
 */
@Injectable()
export class ChangeJournal implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ChangeJournal');
  private buffer: NewChangeEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: ChangeEventRepository,
    private readonly stream: ChangeStream,
  ) {}

  onApplicationBootstrap(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.flush();
  }

  @OnDomainEvent('flows.changed')
  flowsChanged({ flow_ids, change, fields }: DomainEventMap['flows.changed']): void {
    for (const flowId of flow_ids) this.add(`flow.${change}`, { flow_id: flowId, ...(fields ?? {}) });
  }

  /** flow.unscheduled {flow_id, schedule_name, notice} or flow.policy_removed {flow_id, policy_name, notice}. */
  @OnDomainEvent('flows.detached')
  flowsDetached({ flow_ids, kind, name, notice }: DomainEventMap['flows.detached']): void {
    const type = kind === 'schedule' ? 'flow.unscheduled' : 'flow.policy_removed';
    for (const flowId of flow_ids) this.add(type, { flow_id: flowId, [`${kind}_name`]: name, notice });
  }

  @OnDomainEvent('execution.started')
  executionStarted(payload: DomainEventMap['execution.started']): void {
    this.add('execution.started', payload);
  }

  @OnDomainEvent('execution.progress')
  executionProgress(payload: DomainEventMap['execution.progress']): void {
    this.add('execution.progress', payload);
  }

  @OnDomainEvent('execution.finished')
  executionFinished(payload: DomainEventMap['execution.finished']): void {
    this.add('execution.finished', payload);
  }

  @OnDomainEvent('job.updated')
  jobUpdated(payload: DomainEventMap['job.updated']): void {
    this.add('job.updated', payload);
  }

  @OnDomainEvent('occurrence.recorded')
  occurrenceRecorded(payload: DomainEventMap['occurrence.recorded']): void {
    this.add('occurrence.recorded', payload);
  }

  /** Writes what is buffered; the stream then sends it at once (no wait for its next poll). */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private add(type: `${'flow' | 'execution' | 'job' | 'occurrence'}.${string}` | DomainEventName, payload: object): void {
    this.buffer.push({ type, payload: { ...payload }, at: new Date() });
    if (this.buffer.length >= FLUSH_AT) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  private async write(batch: NewChangeEvent[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.events.insertMany(batch);
      this.stream.poke();
    } catch (err) {
      this.logger.warn({ msg: 'could not write change events', count: batch.length, error: describeError(err) });
    }
  }

  private async prune(): Promise<void> {
    await this.events.deleteBefore(new Date(Date.now() - RETENTION_MS)).catch((err: unknown) => {
      this.logger.warn({ msg: 'could not prune change events', error: describeError(err) });
    });
  }
}
