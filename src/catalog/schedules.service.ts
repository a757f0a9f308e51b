import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { FieldProblem, unprocessable } from '../common/api-error';
import { cronExpressionProblem, isValidTimezone, nextRuns } from '../common/cron-schedule';
import { DomainEvents } from '../events/domain-events';
import { CreateScheduleDto, UpdateScheduleDto } from './dto/schedule.dto';
import { NamedRecordService } from './named-record.service';
import { ScheduleEntity } from './schedule.entity';

@Injectable()
export class SchedulesService extends NamedRecordService<ScheduleEntity, CreateScheduleDto, UpdateScheduleDto> {
  constructor(
    @InjectRepository(ScheduleEntity) repository: Repository<ScheduleEntity>,
    private readonly events: DomainEvents,
  ) {
    super(repository, 'Schedule');
  }

  async nextRuns(id: string, count: number): Promise<{ schedule: ScheduleEntity; runs: Date[] }> {
    const schedule = await this.store.get(id);
    return { schedule, runs: nextRuns(schedule.cron_expression, schedule.timezone, count) };
  }

  /** Every schedule (an installation has a handful; the scheduler keeps them in memory). */
  all(): Promise<ScheduleEntity[]> {
    return this.store.repository.find();
  }

  /** Schedules written since `since` (deleted ones detach their flows, which changes those). */
  changedSince(since: Date): Promise<ScheduleEntity[]> {
    return this.store.repository.findBy({ updated_at: MoreThanOrEqual(since) });
  }

  /** Flows that use the schedule learn of the edit before the API answers. */
  override async update(id: string, dto: UpdateScheduleDto): Promise<ScheduleEntity> {
    const saved = await super.update(id, dto);
    await this.events.emit('catalog.schedule-changed', { schedule_id: id });
    return saved;
  }

  /** Users of the schedule detach first (their next run disappears), then the row goes. */
  protected override async beforeDelete(id: string): Promise<void> {
    await this.events.emit('catalog.deleting', { kind: 'schedule', id: String(id) });
  }

  /** The run times an expression would give, before it is saved (422 naming each bad field, as a save would). */
  preview(cronExpression: string, timezone: string, count: number): Date[] {
    const expression = cronExpression.trim();
    refuseUnrunnable(expression, timezone);
    return nextRuns(expression, timezone, count);
  }

  /** A schedule that cannot produce run times is refused with 422, naming each bad field. */
  protected override check(schedule: ScheduleEntity): void {
    schedule.cron_expression = schedule.cron_expression.trim();
    schedule.timezone ??= 'UTC';
    refuseUnrunnable(schedule.cron_expression, schedule.timezone);
  }
}

function refuseUnrunnable(expression: string, timezone: string): void {
  const details: FieldProblem[] = [];
  const cronProblem = cronExpressionProblem(expression);
  if (cronProblem) details.push({ field: 'cron_expression', problems: [`"${expression}" ${cronProblem}`] });
  if (!isValidTimezone(timezone)) details.push({ field: 'timezone', problems: [`"${timezone}" is not an IANA time zone (e.g. Europe/London)`] });
  if (details.length > 0) throw unprocessable(`Schedule cannot run: check ${details.map((d) => d.field).join(', ')}`, details);
}
