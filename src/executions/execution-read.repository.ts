import { Injectable } from '@nestjs/common';
import { cursorTime, decodeCursor, keysetPage } from '../common/cursor';
import { Page } from '../common/pagination.dto';
import { RawSql } from '../database/raw-sql';
import { Condition, inList, whereClause } from '../database/sql-conditions';
import { ExecutionStatus, ExecutionType, FlowExecutionEntity } from './flow-execution.entity';

/** Which executions a list shows (every field optional: all executions of every flow). */
export interface ExecutionFilter {
  flow_id?: string;
  status?: ExecutionStatus[];
  execution_type?: ExecutionType[];
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

export interface NamedExecution {
  execution: FlowExecutionEntity;
  flowName: string | null;
}

const WITH_FLOW_NAME = 'SELECT e.*, f.name AS n_flow FROM protection_flow_executions e LEFT JOIN protection_flows f ON f.id = e.flow_id';

/**
 * The execution lists and the execution detail's read, each with the flow's name in the same
 * statement (a read model over the flows table, like FlowReadRepository; reads only).
 */
@Injectable()
export class ExecutionReadRepository {
  constructor(private readonly sql: RawSql) {}

  /** Newest first (created_at, id); by cursor (the previous page's last created_at and id) or by offset. */
  async page(filter: ExecutionFilter, page: Page): Promise<{ items: NamedExecution[]; total: number; next_cursor: string | null }> {
    const conditions = filterConditions(filter);
    const rows = whereClause(page.cursor === undefined ? conditions : [...conditions, after(page.cursor)]);
    const counted = whereClause(conditions);
    const [found, [count]] = await Promise.all([
      this.sql.select(`${WITH_FLOW_NAME}${rows.sql} ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`, [...rows.params, page.limit + 1, page.offset]),
      this.sql.select(`SELECT COUNT(*) AS n FROM protection_flow_executions e${counted.sql}`, counted.params),
    ]);
    const named = found.map((row) => this.named(row));
    const keyOf = ({ execution }: NamedExecution) => ({ created_at: execution.created_at.toISOString(), id: execution.id });
    return { ...keysetPage(named, page.limit, keyOf), total: Number(count?.n ?? 0) };
  }

  /** The execution with its flow's name, in one statement (the execution detail's read). */
  async findWithFlowName(id: string): Promise<NamedExecution | null> {
    const [row] = await this.sql.select(`${WITH_FLOW_NAME} WHERE e.id = ?`, [id]);
    return row ? this.named(row) : null;
  }

  private named(row: Record<string, unknown>): NamedExecution {
    return { execution: this.sql.hydrate(FlowExecutionEntity, row), flowName: typeof row.n_flow === 'string' ? row.n_flow : null };
  }
}

function filterConditions(filter: ExecutionFilter): Condition[] {
  const conditions: Condition[] = [];
  if (filter.flow_id !== undefined) conditions.push(['e.flow_id = ?', filter.flow_id]);
  if (filter.status?.length) conditions.push(inList('e.status', filter.status));
  if (filter.execution_type?.length) conditions.push(inList('e.execution_type', filter.execution_type));
  if (filter.from) conditions.push(['e.created_at >= ?', filter.from]);
  if (filter.to) conditions.push(['e.created_at < ?', filter.to]);
  return conditions;
}

/** The rows after the cursor's, newest first. */
function after(cursor: string): Condition {
  const key = decodeCursor(cursor, ['created_at', 'id']);
  const createdAt = cursorTime(key.created_at);
  return ['e.created_at < ? OR (e.created_at = ? AND e.id < ?)', createdAt, createdAt, key.id];
}
