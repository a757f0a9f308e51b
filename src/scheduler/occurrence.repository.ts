import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { Page } from '../common/pagination.dto';
import { isUniqueViolation } from '../database/db-errors';
import { activeDialect, sqlTimestamp } from '../database/dialect';
import { placeholders, RawSql } from '../database/raw-sql';
import { OccurrenceOutcome, ScheduleExecutionEntity } from './schedule-execution.entity';

const CLAIM_CHUNK = 500;

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
  constructor(
    @InjectRepository(ScheduleExecutionEntity) private readonly rows: Repository<ScheduleExecutionEntity>,
    private readonly sql: RawSql,
  ) {}

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

  /**
   * Claims many occurrences in one statement (a shared occurrence claims 1,000 at once); returns
   * the new rows' ids in the claims' order, null where someone else holds the occurrence or the
   * flow is gone.
   */
  async claimMany(claims: OccurrenceClaim[]): Promise<Array<string | null>> {
    const ids = claims.map(() => randomUUID());
    const won = new Set<string>();
    for (let from = 0; from < claims.length; from += CLAIM_CHUNK) {
      const chunk = claims.slice(from, from + CLAIM_CHUNK);
      const chunkIds = ids.slice(from, from + CLAIM_CHUNK);
      const values = chunk.flatMap((c, i) => [chunkIds[i], c.schedule_id, c.flow_id, sqlTimestamp(c.scheduled_at), sqlTimestamp(c.fired_at), c.outcome]);
      const insert = activeDialect() === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
      const tuples = chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
      await this.rows.query(`${insert} INTO schedule_executions (id, schedule_id, flow_id, scheduled_at, fired_at, outcome) VALUES ${tuples}`, values);
      const rows: Array<{ id: string }> = await this.rows.query(`SELECT id FROM schedule_executions WHERE id IN (${placeholders(chunkIds.length)})`, chunkIds);
      for (const row of rows) won.add(row.id);
    }
    return ids.map((id) => (won.has(id) ? id : null));
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
}
