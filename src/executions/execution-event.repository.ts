import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page } from '../common/pagination.dto';
import { ExecutionEventEntity } from './execution-event.entity';

export type NewExecutionEvent = QueryDeepPartialEntity<ExecutionEventEntity>;

/** The job log's rows. */
@Injectable()
export class ExecutionEventRepository {
  constructor(@InjectRepository(ExecutionEventEntity) private readonly events: Repository<ExecutionEventEntity>) {}

  async insertMany(rows: NewExecutionEvent[]): Promise<void> {
    if (rows.length > 0) await this.events.insert(rows);
  }

  /** Oldest first. */
  async page(executionId: string, page: Page): Promise<{ items: ExecutionEventEntity[]; total: number }> {
    const [items, total] = await this.events.findAndCount({
      where: { execution_id: executionId },
      order: { at: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }
}
