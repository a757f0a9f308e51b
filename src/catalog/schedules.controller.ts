import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { DetachQuery } from './dto/delete.dto';
import { pageOf } from '../common/pagination.dto';
import {
  CreateScheduleDto,
  ListSchedulesQuery,
  NextRunsQuery,
  NextRunsResponse,
  PreviewRunsQuery,
  PreviewRunsResponse,
  ScheduleListResponse,
  ScheduleResponse,
  UpdateScheduleDto,
} from './dto/schedule.dto';
import { SchedulesService } from './schedules.service';

@ApiTags('schedules')
@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  @ApiErrors(400, 409, 422)
  createSchedule(@Body() dto: CreateScheduleDto): Promise<ScheduleResponse> {
    return this.schedules.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listSchedules(@Query() query: ListSchedulesQuery): Promise<ScheduleListResponse> {
    const { items, total } = await this.schedules.list(pageOf(query));
    return { schedules: items, total };
  }

  /** The next run times of an expression not saved yet (a form's preview); 422 as a save would answer. */
  @Get('preview')
  @ApiErrors(400, 422)
  previewScheduleRuns(@Query() query: PreviewRunsQuery): PreviewRunsResponse {
    const timezone = query.timezone ?? 'UTC';
    const runs = this.schedules.preview(query.cron_expression, timezone, query.count ?? 5, fromOf(query.from));
    return { cron_expression: query.cron_expression.trim(), timezone, next_runs: runs.map((d) => d.toISOString()) };
  }

  @Get(':id')
  @ApiErrors(404)
  getSchedule(@Param('id') id: string): Promise<ScheduleResponse> {
    return this.schedules.get(id);
  }

  @Put(':id')
  @ApiErrors(400, 404, 409, 422)
  updateSchedule(@Param('id') id: string, @Body() dto: UpdateScheduleDto): Promise<ScheduleResponse> {
    return this.schedules.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404, 409)
  deleteSchedule(@Param('id') id: string, @Query() query: DetachQuery, @Actor() actor: string): Promise<void> {
    return this.schedules.delete(id, { detach: query.detach ?? false, actor });
  }

  @Get(':id/next-runs')
  @ApiErrors(400, 404)
  async getScheduleNextRuns(@Param('id') id: string, @Query() query: NextRunsQuery): Promise<NextRunsResponse> {
    const { schedule, runs } = await this.schedules.nextRuns(id, query.count ?? 5, fromOf(query.from));
    return {
      schedule_id: id,
      cron_expression: schedule.cron_expression,
      timezone: schedule.timezone,
      next_runs: runs.map((d) => d.toISOString()),
    };
  }
}

/** The preview's starting time: the query's, or now. */
function fromOf(from: string | undefined): Date {
  return from === undefined ? new Date() : new Date(from);
}
