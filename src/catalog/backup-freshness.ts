import { nextRuns } from '../common/cron-schedule';
import { ScheduleEntity } from './schedule.entity';

const HOUR_MS = 3_600_000;
/** Occurrences looked at to find the longest gap a schedule leaves (a week of weekdays, a month's days). */
const LOOK_AHEAD = 8;

/**
 * How old a VM's last successful backup may be before a schedule is not keeping it protected (stale):
 * the longest gap the schedule leaves between runs (a weekday schedule leaves the weekend) plus time
 * for that run to finish — the gap again, at most 6 hours. Null when the schedule does not run.
 */
export function allowedBackupAgeMs(schedule: Pick<ScheduleEntity, 'cron_expression' | 'timezone' | 'enabled'>, now: Date): number | null {
  if (!schedule.enabled) return null;
  const runs = nextRuns(schedule.cron_expression, schedule.timezone, LOOK_AHEAD + 1, now).map((d) => d.getTime());
  if (runs.length < 2) return null;
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i] - runs[i - 1]);
  return longest + Math.min(longest, 6 * HOUR_MS);
}
