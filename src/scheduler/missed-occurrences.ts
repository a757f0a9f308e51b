import { Injectable, Logger } from '@nestjs/common';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { nextRuns } from '../common/cron-schedule';
import { AppConfig } from '../config/app-config';
import { FlowsService } from '../flows/flows.service';
import { OccurrenceRecorder } from './occurrence-recorder.service';

/** At most this many missed occurrences are recorded per flow and pass; older ones are not listed. */
export const MAX_MISSED_RECORDED = 1000;

type RunOccurrence = (scheduledAt: Date, next: Date | null) => Promise<void>;

/**
 * Occurrences nobody fired (no replica was up): recorded as `missed`, except that with
 * catchup_policy run_once the newest one inside catchup_window_minutes runs once (`caught_up`).
 */
@Injectable()
export class MissedOccurrences {
  private readonly logger = new Logger('MissedOccurrences');

  constructor(
    private readonly config: AppConfig,
    private readonly recorder: OccurrenceRecorder,
    private readonly flows: FlowsService,
  ) {}

  /** How far behind next_execution_time may be before its occurrences count as missed. */
  get graceMs(): number {
    return Math.max(2000, 2 * this.config.SCHEDULER_RECONCILE_MS);
  }

  /** `graceMs` 0: the flow's share was just taken over, so nobody fired what passed. */
  async catchUpIfBehind(
    flow: { id: string; next_execution_time: Date | null },
    schedule: ScheduleEntity,
    run: RunOccurrence,
    graceMs = this.graceMs,
  ): Promise<void> {
    const now = Date.now();
    if (!flow.next_execution_time || flow.next_execution_time.getTime() > now - graceMs) return;
    const missed = this.occurrencesBetween(schedule, flow.next_execution_time, new Date(now));
    const next = nextRuns(schedule.cron_expression, schedule.timezone, 1, new Date(now))[0] ?? null;
    const newest = missed[missed.length - 1];
    const catchUp = schedule.catchup_policy === 'run_once' && newest && now - newest.getTime() <= schedule.catchup_window_minutes * 60_000 ? newest : undefined;
    for (const at of missed) {
      if (at === catchUp) continue;
      await this.recorder.missed(flow.id, schedule.id, at);
    }
    if (catchUp) await run(catchUp, next);
    else await this.flows.setNextExecutions([{ flowId: flow.id, next }]);
    this.logger.warn({ msg: 'missed occurrences recorded', flow_id: flow.id, missed: missed.length, caught_up: catchUp?.toISOString() ?? null });
  }

  /** Occurrences from `from` (inclusive) to `to` (exclusive), the newest MAX_MISSED_RECORDED of them. */
  private occurrencesBetween(schedule: ScheduleEntity, from: Date, to: Date): Date[] {
    const found: Date[] = [];
    // Skip ahead over a long outage: start about MAX_MISSED_RECORDED periods before `to`.
    const [first, second] = nextRuns(schedule.cron_expression, schedule.timezone, 2, new Date(from.getTime() - 1));
    const period = first && second ? second.getTime() - first.getTime() : 0;
    const skipTo = to.getTime() - period * (MAX_MISSED_RECORDED + 2);
    let cursor = new Date(Math.max(from.getTime() - 1, period > 0 ? skipTo : 0));
    for (;;) {
      const [at] = nextRuns(schedule.cron_expression, schedule.timezone, 1, cursor);
      if (!at || at.getTime() >= to.getTime()) break;
      found.push(at);
      if (found.length > MAX_MISSED_RECORDED) found.shift();
      cursor = at;
    }
    return found;
  }
}
