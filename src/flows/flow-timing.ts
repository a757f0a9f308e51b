import { ScheduleEntity } from '../catalog/schedule.entity';
import { nextRuns } from '../common/cron-schedule';
import { ProtectionFlowEntity } from './protection-flow.entity';

/** Whether the flow fires on its own: enabled, with a schedule that is itself enabled. */
export function runsOnSchedule(flow: Pick<ProtectionFlowEntity, 'enabled'>, schedule: ScheduleEntity | null | undefined): schedule is ScheduleEntity {
  return flow.enabled && !!schedule && schedule.enabled;
}

/** The flow's next `count` scheduled times, or none when it will not run on its own. */
export function upcomingRuns(
  flow: Pick<ProtectionFlowEntity, 'enabled'>,
  schedule: ScheduleEntity | null | undefined,
  count: number,
  from: Date = new Date(),
): Date[] {
  return runsOnSchedule(flow, schedule) ? nextRuns(schedule.cron_expression, schedule.timezone, count, from) : [];
}

/**
 * A scheduled flow is overdue when its due occurrence has had no outcome this long after its time:
 * a replica that is up fires it (or records why not) within seconds, so this means none fired it.
 */
export const OVERDUE_AFTER_MS = 5 * 60_000;

/** Flows whose next run time is before this are overdue. */
export function overdueBefore(now = Date.now()): Date {
  return new Date(now - OVERDUE_AFTER_MS);
}

export function isOverdue(flow: Pick<ProtectionFlowEntity, 'enabled' | 'next_execution_time'>, now = Date.now()): boolean {
  return flow.enabled && flow.next_execution_time !== null && flow.next_execution_time.getTime() < overdueBefore(now).getTime();
}

export function nextExecutionTime(flow: Pick<ProtectionFlowEntity, 'enabled'>, schedule: ScheduleEntity | null | undefined): Date | null {
  return upcomingRuns(flow, schedule, 1)[0] ?? null;
}
