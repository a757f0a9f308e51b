import { Injectable } from '@nestjs/common';
import { FieldProblem, unprocessable } from '../common/api-error';
import { cronExpressionProblem, isValidTimezone, neverRunsProblem, nextRuns } from '../common/cron-schedule';
import { DeletionChecks } from '../events/deletion-checks';
import { DomainEvents } from '../events/domain-events';
import { CreateScheduleDto, UpdateScheduleDto } from './dto/schedule.dto';
import { DeleteOptions, NamedRecordService } from './named-record.service';
import { ScheduleEntity } from './schedule.entity';
import { ScheduleRepository } from './schedule.repository';

@Injectable()
export class SchedulesService extends NamedRecordService<ScheduleEntity, CreateScheduleDto, UpdateScheduleDto> {
  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly events: DomainEvents,
    private readonly deletionChecks: DeletionChecks,
  ) {
    super(schedules, 'Schedule');
  }

  /** The schedule's next runs after `from`: fewer, or none, when it stops running (never a 500). */
  async nextRuns(id: string, count: number, from = new Date()): Promise<{ schedule: ScheduleEntity; runs: Date[] }> {
    const schedule = await this.store.get(id);
    return { schedule, runs: nextRuns(schedule.cron_expression, schedule.timezone, count, from) };
  }

  /** Every schedule (an installation has a handful; the scheduler keeps them in memory). */
  all(): Promise<ScheduleEntity[]> {
    return this.schedules.all();
  }

  /** Schedules written since `since` (deleted ones detach their flows, which changes those). */
  changedSince(since: Date): Promise<ScheduleEntity[]> {
    return this.schedules.changedSince(since);
  }

  /** Flows that use the schedule learn of the edit before the API answers. */
  override async update(id: string, dto: UpdateScheduleDto): Promise<ScheduleEntity> {
    const saved = await super.update(id, dto);
    await this.events.emit('catalog.schedule-changed', { schedule_id: id });
    return saved;
  }

  /** Flows using the schedule refuse its deletion (409 naming them), or with detach let go of it first. */
  protected override async beforeDelete(schedule: ScheduleEntity, { detach, actor }: DeleteOptions): Promise<void> {
    await this.deletionChecks.before('schedule', { id: schedule.id, name: schedule.name, detach, actor });
  }

  /** The run times an expression would give, before it is saved (422 naming each bad field, as a save would). */
  preview(cronExpression: string, timezone: string, count: number, from = new Date()): Date[] {
    const expression = cronExpression.trim();
    refuseUnrunnable(expression, timezone);
    return nextRuns(expression, timezone, count, from);
  }

  /** A schedule that cannot produce run times is refused with 422, naming each bad field. */
  protected override check(schedule: ScheduleEntity): void {
    schedule.cron_expression = schedule.cron_expression.trim();
    schedule.timezone ??= 'UTC';
    refuseUnrunnable(schedule.cron_expression, schedule.timezone);
  }
}

/** A schedule must parse, name a real zone and run at least once in the next 8 years (422 naming each problem). */
function refuseUnrunnable(expression: string, timezone: string): void {
  const details: FieldProblem[] = [];
  const zoneOk = isValidTimezone(timezone);
  const cronProblem = cronExpressionProblem(expression) ?? (zoneOk ? neverRunsProblem(expression, timezone) : undefined);
  if (cronProblem) details.push({ field: 'cron_expression', problems: [`"${expression}" ${cronProblem}`] });
  if (!zoneOk) details.push({ field: 'timezone', problems: [`"${timezone}" is not an IANA time zone (e.g. Europe/London)`] });
  if (details.length > 0) throw unprocessable(`Schedule cannot run: check ${details.map((d) => d.field).join(', ')}`, details);
}
