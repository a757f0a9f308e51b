import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryRepository } from './flow-summary.repository';

/** The flows summary for the GUI's dashboard; "today" is the day in the viewer's zone (default UTC; the query checked it). */
@Injectable()
export class FlowSummaryService {
  constructor(private readonly counts: FlowSummaryRepository) {}

  async summary(timezone = 'UTC', now = new Date()): Promise<FlowSummaryResponse> {
    const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
    const since = today.toJSDate();
    const counts = await this.counts.countsSince(since);
    return {
      ...counts,
      disabled_flows: counts.total_flows - counts.enabled_flows,
      replication_flows: counts.total_flows - counts.backup_flows,
      today: { date: today.toISODate() ?? '', timezone, since },
    };
  }
}
