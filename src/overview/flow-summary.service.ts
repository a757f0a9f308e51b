import { Injectable } from '@nestjs/common';
import { RunStatistics } from '../executions/run-statistics.service';
import { FlowsService } from '../flows/flows.service';
import { OccurrenceStatistics } from '../scheduler/occurrence-statistics.service';
import { FlowSummaryResponse } from './dto/flow-summary.dto';

/** The flows summary: counts owned by three modules, put together for the GUI. */
@Injectable()
export class FlowSummaryService {
  constructor(
    private readonly flows: FlowsService,
    private readonly runs: RunStatistics,
    private readonly occurrences: OccurrenceStatistics,
  ) {}

  async summary(now = new Date()): Promise<FlowSummaryResponse> {
    const since = new Date(now);
    since.setUTCHours(0, 0, 0, 0);
    const [rows, runs, skipped] = await Promise.all([
      this.flows.countByTypeAndEnabled(),
      this.runs.countSince(since),
      this.occurrences.countSkippedSince(since),
    ]);
    const sum = (match: (r: (typeof rows)[number]) => boolean) => rows.filter(match).reduce((n, r) => n + r.count, 0);
    return {
      total_flows: sum(() => true),
      enabled_flows: sum((r) => r.enabled),
      disabled_flows: sum((r) => !r.enabled),
      backup_flows: sum((r) => r.flow_type === 'backup'),
      replication_flows: sum((r) => r.flow_type === 'replication'),
      running_executions: runs.running,
      total_executions_today: runs.total_today,
      successful_executions_today: runs.successful_today,
      failed_executions_today: runs.failed_today,
      skipped_runs_today: skipped,
    };
  }
}
