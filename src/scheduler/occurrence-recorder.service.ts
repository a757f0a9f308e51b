import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events';
import { OccurrenceRepository } from './occurrence.repository';
import { OccurrenceOutcome } from './schedule-execution.entity';

/** Writes an occurrence's outcome and tells the other modules (the change stream). */
@Injectable()
export class OccurrenceRecorder {
  constructor(
    private readonly occurrences: OccurrenceRepository,
    private readonly events: DomainEvents,
  ) {}

  /** The outcome of an occurrence this replica claimed. */
  async settle(
    occurrence: { id: string; flowId: string; scheduledAt: Date; firedAt: Date },
    outcome: OccurrenceOutcome,
    executionId: string | null,
  ): Promise<void> {
    await this.occurrences.settle(occurrence.id, outcome, executionId);
    await this.announce(occurrence, outcome, executionId);
  }

  /** An occurrence nobody fired; false when it was recorded already. */
  async missed(flowId: string, scheduleId: string, scheduledAt: Date): Promise<boolean> {
    const id = await this.occurrences.claim({ flow_id: flowId, schedule_id: scheduleId, scheduled_at: scheduledAt, outcome: 'missed' });
    if (id) await this.announce({ id, flowId, scheduledAt }, 'missed', null);
    return id !== null;
  }

  private announce(
    occurrence: { id: string; flowId: string; scheduledAt: Date; firedAt?: Date },
    outcome: OccurrenceOutcome,
    executionId: string | null,
  ): Promise<void> {
    return this.events.emit('occurrence.recorded', {
      flow_id: occurrence.flowId,
      occurrence_id: occurrence.id,
      scheduled_at: occurrence.scheduledAt.toISOString(),
      fired_at: occurrence.firedAt?.toISOString() ?? null,
      outcome,
      execution_id: executionId,
    });
  }
}
