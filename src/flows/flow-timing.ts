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

export function nextExecutionTime(flow: Pick<ProtectionFlowEntity, 'enabled'>, schedule: ScheduleEntity | null | undefined): Date | null {
  return upcomingRuns(flow, schedule, 1)[0] ?? null;
}
