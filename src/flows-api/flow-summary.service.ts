import { Injectable } from '@nestjs/common';
import { FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryRepository } from './flow-summary.repository';

/** The flows summary for the GUI's dashboard. */
@Injectable()
export class FlowSummaryService {
  constructor(private readonly counts: FlowSummaryRepository) {}

  async summary(now = new Date()): Promise<FlowSummaryResponse> {
    const since = new Date(now);
    since.setUTCHours(0, 0, 0, 0);
    const counts = await this.counts.countsSince(since);
    return {
      ...counts,
      disabled_flows: counts.total_flows - counts.enabled_flows,
      replication_flows: counts.total_flows - counts.backup_flows,
    };
  }
}
