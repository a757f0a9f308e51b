import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { badRequest } from '../common/api-error';
import { isValidTimezone } from '../common/cron-schedule';
import { FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryRepository } from './flow-summary.repository';

/** The flows summary for the GUI's dashboard; "today" is the day in the viewer's zone (default UTC). */
@Injectable()
export class FlowSummaryService {
  constructor(private readonly counts: FlowSummaryRepository) {}

  async summary(timezone = 'UTC', now = new Date()): Promise<FlowSummaryResponse> {
    if (!isValidTimezone(timezone))
      throw badRequest(`Unknown time zone "${timezone}": use an IANA name such as Europe/Berlin`, [{ field: 'tz', problems: ['is not a known time zone'] }]);
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
