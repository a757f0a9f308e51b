import { DomainEvents } from '../../src/events/domain-events';

/** DomainEvents for unit tests: keeps what was emitted. */
export class RecordedEvents {
  readonly emitted: Array<{ name: string; payload: Record<string, unknown> }> = [];

  emit(name: string, payload: Record<string, unknown>): Promise<void> {
    this.emitted.push({ name, payload });
    return Promise.resolve();
  }

  named(name: string): Array<Record<string, unknown>> {
    return this.emitted.filter((e) => e.name === name).map((e) => e.payload);
  }

  asEvents(): DomainEvents {
    return this.asUnknown() as DomainEvents;
  }

  private asUnknown(): unknown {
    return this;
  }
}
