import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.dto';
import { ScheduleExecutionResponse } from './dto/schedule-execution.dto';
import { OccurrenceRepository } from './occurrence.repository';

/** A flow's scheduled occurrences with their outcomes, newest first. */
@Injectable()
export class OccurrenceHistory {
  constructor(private readonly occurrences: OccurrenceRepository) {}

  async ofFlow(flowId: string, page: Page): Promise<{ items: ScheduleExecutionResponse[]; total: number }> {
    const { items, total } = await this.occurrences.list(flowId, page);
    return { items: items.map(({ schedule: _s, flow: _f, ...row }) => row), total };
  }
}
