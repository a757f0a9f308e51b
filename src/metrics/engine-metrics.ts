import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric the engine exports (GET /metrics, Prometheus text format), named once here. Labels are
 * bounded (route templates, outcomes, operations): no label per flow or VM, except the opt-in
 * per-flow gauge of the health module (METRICS_PER_FLOW).
 */
@Injectable()
export class EngineMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly occurrences = new Counter({
    name: 'flow_occurrences_total',
    help: 'Scheduled occurrences by outcome (fired, skipped_overlap, skipped_disabled, missed, caught_up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly schedulerLag = new Histogram({
    name: 'scheduler_lag_seconds',
    help: 'How late an occurrence fired: fired time minus scheduled time',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly executions = new Counter({
    name: 'flow_executions_total',
    help: 'Finished executions by trigger (scheduled, manual, api) and outcome (success, warning, error, cancelled)',
    labelNames: ['trigger', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly executionsRunning = new Gauge({
    name: 'flow_executions_running',
    help: 'Executions this replica drives now',
    registers: [this.registry],
  });

  readonly jobsInFlight = new Gauge({
    name: 'backup_jobs_in_flight',
    help: 'Backup jobs this replica has starting or running now',
    registers: [this.registry],
  });

  readonly backupApiCalls = new Counter({
    name: 'backup_api_calls_total',
    help: 'Calls to the backup API by operation and status (HTTP status, or "none" when no answer came)',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly backupApiDuration = new Histogram({
    name: 'backup_api_call_duration_seconds',
    help: 'Time the backup API took to answer, by operation',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly cronJobs = new Gauge({
    name: 'scheduler_cron_jobs',
    help: 'CronJobs registered on this replica (one per scheduled, enabled flow of the shares it holds)',
    registers: [this.registry],
  });

  readonly sharesHeld = new Gauge({
    name: 'scheduler_shares_held',
    help: 'Shares of the schedule this replica holds (the replicas together hold each of SCHEDULER_SHARES once)',
    registers: [this.registry],
  });

  readonly flowsOverdue = new Gauge({
    name: 'flows_overdue',
    help: 'Enabled scheduled flows whose due occurrence has had no outcome for over 5 minutes (no replica fired it)',
    registers: [this.registry],
  });

  readonly catalogSyncs = new Counter({
    name: 'catalog_syncs_total',
    help: "Syncs of the appliance's catalog (CATALOG_SOURCE=appliance), by outcome (succeeded, failed)",
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly catalogSyncLastSuccess = new Gauge({
    name: 'catalog_sync_last_success_timestamp_seconds',
    help: "When a sync of the appliance's catalog last succeeded (Unix time)",
    registers: [this.registry],
  });

  constructor() {
    // Node process metrics, event-loop lag (nodejs_eventloop_lag_seconds) included.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  /** One backup API call (what the HTTP transport reports). */
  backupApiCall(operation: string, status: number | undefined, seconds: number): void {
    this.backupApiCalls.inc({ operation, status: status === undefined ? 'none' : String(status) });
    this.backupApiDuration.observe({ operation }, seconds);
  }
}
