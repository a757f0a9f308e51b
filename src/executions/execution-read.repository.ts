import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Equal, FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { badRequest } from '../common/api-error';
import { decodeCursor, keysetPage } from '../common/cursor';
import { Page } from '../common/pagination.dto';
import { RawSql } from '../database/raw-sql';
import { ExecutionStatus, FlowExecutionEntity } from './flow-execution.entity';

/** The execution lists and the execution detail's read (with its flow's name, in one statement). */
@Injectable()
export class ExecutionReadRepository {
  constructor(
    @InjectRepository(FlowExecutionEntity) private readonly executions: Repository<FlowExecutionEntity>,
    private readonly sql: RawSql,
  ) {}

  /** Newest first: of one flow, or of every flow; by cursor (the previous page's last created_at and id) or by offset. */
  async page(
    where: { flow_id?: string; status?: ExecutionStatus },
    page: Page,
  ): Promise<{ items: FlowExecutionEntity[]; total: number; next_cursor: string | null }> {
    const filter: FindOptionsWhere<FlowExecutionEntity> = { flow_id: where.flow_id, status: where.status };
    let keyed: Array<FindOptionsWhere<FlowExecutionEntity>> = [filter];
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor, ['created_at', 'id']);
      const createdAt = new Date(after.created_at);
      if (Number.isNaN(createdAt.getTime())) throw badRequest('cursor is not one this list gave out: pass next_cursor from the previous page unchanged');
      keyed = [
        { ...filter, created_at: LessThan(createdAt) },
        { ...filter, created_at: Equal(createdAt), id: LessThan(after.id) },
      ];
    }
    const [rows, total] = await Promise.all([
      this.executions.find({ where: keyed, order: { created_at: 'DESC', id: 'DESC' }, take: page.limit + 1, skip: page.offset }),
      this.executions.countBy(filter),
    ]);
    return { ...keysetPage(rows, page.limit, (e) => ({ created_at: e.created_at.toISOString(), id: e.id })), total };
  }

  /** The execution with its flow's name, in one statement (the execution detail's read). */
  async findWithFlowName(id: string): Promise<{ execution: FlowExecutionEntity; flowName: string | null } | null> {
    const [row] = await this.sql.select(
      'SELECT e.*, f.name AS n_flow FROM protection_flow_executions e LEFT JOIN protection_flows f ON f.id = e.flow_id WHERE e.id = ?',
      [id],
    );
    if (!row) return null;
    return { execution: this.sql.hydrate(FlowExecutionEntity, row), flowName: typeof row.n_flow === 'string' ? row.n_flow : null };
  }
}
