import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error';
import { keysetPage } from '../common/cursor';
import { Page } from '../common/pagination.dto';
import { RawSql } from '../database/raw-sql';
import { Condition, containing, whereClause } from '../database/sql-conditions';
import { FlowFilters, LastResult } from './dto/flow-list.dto';
import { afterCursor, cursorOf, FlowOrder, orderBy } from './flow-list-order';
import { overdueBefore } from './flow-timing';
import { ProtectionFlowEntity } from './protection-flow.entity';

/** The names a flow's view shows beside the ids it stores. */
export interface FlowNames {
  target_name: string | null;
  repository_name: string | null;
  policy_name: string | null;
  schedule_name: string | null;
  schedule_cron: string | null;
  schedule_timezone: string | null;
}

export interface NamedFlow {
  flow: ProtectionFlowEntity;
  names: FlowNames;
}

// A read model: the flows list and the flow view read the names of the records a flow points at
// in the same statement, joining catalog tables the flows module otherwise reaches only through
// the catalog's services. Reads only; see docs/architecture.md ("Read models").
const NAMED_FLOWS = `SELECT f.*, v.vm_name AS n_vm, g.name AS n_group, r.name AS n_repository, p.name AS n_policy,
  s.name AS n_schedule, s.cron_expression AS n_cron, s.timezone AS n_tz
  FROM protection_flows f
  LEFT JOIN vm_contexts v ON f.target_type = 'vm' AND v.context_id = f.target_id
  LEFT JOIN protection_groups g ON f.target_type = 'group' AND g.id = f.target_id
  LEFT JOIN backup_repositories r ON r.id = f.repository_id
  LEFT JOIN backup_policies p ON p.id = f.policy_id
  LEFT JOIN schedules s ON s.id = f.schedule_id`;

/** Flows with their names in one query: a page costs two statements (rows and count), one flow one. */
@Injectable()
export class FlowReadRepository {
  constructor(private readonly sql: RawSql) {}

  async one(id: string): Promise<NamedFlow> {
    const [row] = await this.sql.select(`${NAMED_FLOWS} WHERE f.id = ?`, [id]);
    if (!row) throw notFound('Protection flow', id);
    return this.named(row);
  }

  /** In the given order (default by name); by cursor (the previous page's last row) or by offset. */
  async page(filters: FlowFilters, order: FlowOrder, page: Page): Promise<{ items: NamedFlow[]; total: number; next_cursor: string | null }> {
    const conditions = filterConditions(filters);
    const rows = whereClause(page.cursor === undefined ? conditions : [...conditions, afterCursor(order, page.cursor)]);
    const counted = whereClause(conditions);
    const sorted = orderBy(order);
    const [found, [count]] = await Promise.all([
      this.sql.select(`${NAMED_FLOWS}${rows.sql}${sorted.sql} LIMIT ? OFFSET ?`, [...rows.params, ...sorted.params, page.limit + 1, page.offset]),
      this.sql.select(`SELECT COUNT(*) AS n FROM protection_flows f${counted.sql}`, counted.params),
    ]);
    const named = found.map((row) => this.named(row));
    return { ...keysetPage(named, page.limit, ({ flow }) => cursorOf(order, flow)), total: Number(count?.n ?? 0) };
  }

  /** The ids of every flow the filters select, by name, up to `limit` (a bulk action's `match`). */
  async idsMatching(filters: FlowFilters, limit: number): Promise<Array<{ id: string; name: string }>> {
    const where = whereClause(filterConditions(filters));
    const rows = await this.sql.select(`SELECT f.id, f.name FROM protection_flows f${where.sql} ORDER BY f.name LIMIT ?`, [...where.params, limit]);
    return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
  }

  private named(row: Record<string, unknown>): NamedFlow {
    const flow = this.sql.hydrate(ProtectionFlowEntity, row);
    const text = (value: unknown) => (typeof value === 'string' ? value : null);
    return {
      flow,
      names: {
        target_name: text(flow.target_type === 'vm' ? row.n_vm : row.n_group),
        repository_name: text(row.n_repository),
        policy_name: text(row.n_policy),
        schedule_name: text(row.n_schedule),
        schedule_cron: text(row.n_cron),
        schedule_timezone: text(row.n_tz),
      },
    };
  }
}

const overdueParams = (): [boolean, Date] => [true, overdueBefore()];

const LAST_RESULT_CONDITIONS: Record<LastResult, Condition> = {
  failed: ["f.total_executions > 0 AND f.last_execution_status = 'error'"],
  warning: ["f.total_executions > 0 AND f.last_execution_status = 'warning'"],
  success: ["f.total_executions > 0 AND f.last_execution_status = 'success'"],
  cancelled: ["f.total_executions > 0 AND f.last_execution_status = 'cancelled'"],
  never_run: ['f.total_executions = 0'],
};

/** The list's filters as SQL conditions (the search's LIKE wildcards taken literally). */
function filterConditions(filters: FlowFilters): Condition[] {
  const conditions: Condition[] = [];
  if (filters.flow_type !== undefined) conditions.push(['f.flow_type = ?', filters.flow_type]);
  if (filters.target_type !== undefined) conditions.push(['f.target_type = ?', filters.target_type]);
  if (filters.enabled !== undefined) conditions.push(['f.enabled = ?', filters.enabled]);
  if (filters.schedule_id !== undefined) conditions.push(['f.schedule_id = ?', filters.schedule_id]);
  if (filters.overdue === true) conditions.push(['f.enabled = ? AND f.next_execution_time < ?', ...overdueParams()]);
  if (filters.overdue === false)
    conditions.push(['NOT (f.enabled = ? AND f.next_execution_time IS NOT NULL AND f.next_execution_time < ?)', ...overdueParams()]);
  if (filters.search) conditions.push(containing('f.name', filters.search));
  if (filters.last_result !== undefined) conditions.push(LAST_RESULT_CONDITIONS[filters.last_result]);
  return conditions;
}
