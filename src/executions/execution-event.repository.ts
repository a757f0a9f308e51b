import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Page } from '../common/pagination.dto';
import { RawSql } from '../database/raw-sql';
import { ExecutionEventEntity } from './execution-event.entity';

export type NewExecutionEvent = Pick<ExecutionEventEntity, 'execution_id' | 'at' | 'level' | 'step' | 'message' | 'data'>;

/** The job log's rows. */
@Injectable()
export class ExecutionEventRepository {
  constructor(
    @InjectRepository(ExecutionEventEntity) private readonly events: Repository<ExecutionEventEntity>,
    private readonly sql: RawSql,
  ) {}

  /** One plain multi-row INSERT: the job log writes a few rows per job. */
  async insertMany(rows: NewExecutionEvent[]): Promise<void> {
    await this.sql.insert(
      'protection_flow_execution_events',
      ['execution_id', 'at', 'level', 'step', 'message', 'data'],
      rows.map((r) => [r.execution_id, r.at, r.level, r.step, r.message, r.data ?? null]),
    );
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
