import { Injectable } from '@nestjs/common';
import { DomainEventMap, OnDomainEvent } from '../events/domain-events';
import { EngineMetrics } from './engine-metrics';

/** Counts finished executions and recorded occurrences from the domain events. */
@Injectable()
export class ExecutionMetricsListener {
  constructor(private readonly metrics: EngineMetrics) {}

  @OnDomainEvent('execution.finished')
  executionFinished({ execution_type, outcome }: DomainEventMap['execution.finished']): void {
    this.metrics.executions.inc({ trigger: execution_type, outcome });
  }

  @OnDomainEvent('occurrence.recorded')
  occurrenceRecorded({ outcome, scheduled_at, fired_at }: DomainEventMap['occurrence.recorded']): void {
    this.metrics.occurrences.inc({ outcome });
    if (fired_at) this.metrics.schedulerLag.observe(Math.max(0, (Date.parse(fired_at) - Date.parse(scheduled_at)) / 1000));
  }
}
