import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Page } from '../common/pagination.dto';
import { isUniqueViolation } from '../database/db-errors';
import { sqlTimestamp } from '../database/dialect';
import { OccurrenceOutcome, ScheduleExecutionEntity } from './schedule-execution.entity';

export interface OccurrenceClaim {
  flow_id: string;
  schedule_id: string | null;
  scheduled_at: Date;
  outcome: OccurrenceOutcome;
  fired_at?: Date | null;
}

/**
 * schedule_executions: one row per occurrence of a flow's schedule. Inserting the row is the
 * claim — the unique key (flow_id, scheduled_at) lets exactly one replica own an occurrence.
 */
@Injectable()
export class OccurrenceRepository {
  constructor(@InjectRepository(ScheduleExecutionEntity) private readonly rows: Repository<ScheduleExecutionEntity>) {}

  /**
   * The new row's id, or null when another replica (or an earlier pass) already holds the
   * occurrence. A plain statement rather than the ORM insert: a shared occurrence claims 1,000 rows at once.
   */
  async claim(claim: OccurrenceClaim): Promise<string | null> {
    const id = randomUUID();
    try {
      await this.rows.query('INSERT INTO schedule_executions (id, schedule_id, flow_id, scheduled_at, fired_at, outcome) VALUES (?, ?, ?, ?, ?, ?)', [
        id,
        claim.schedule_id,
        claim.flow_id,
        sqlTimestamp(claim.scheduled_at),
        sqlTimestamp(claim.fired_at),
        claim.outcome,
      ]);
      return id;
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async settle(id: string, outcome: OccurrenceOutcome, flowExecutionId: string | null): Promise<void> {
    await this.rows.update({ id }, { outcome, flow_execution_id: flowExecutionId });
  }

  /** Newest occurrence first. */
  async list(flowId: string, page: Page): Promise<{ items: ScheduleExecutionEntity[]; total: number }> {
    const [items, total] = await this.rows.findAndCount({
      where: { flow_id: flowId },
      order: { scheduled_at: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
    return { items, total };
  }

  countSince(outcomes: OccurrenceOutcome[], since: Date): Promise<number> {
    return this.rows.countBy({ outcome: In(outcomes), scheduled_at: MoreThanOrEqual(since) });
  }
}
