import { Injectable } from '@nestjs/common';
import { notFound } from '../common/api-error';
import { decodeCursor, keysetPage } from '../common/cursor';
import { Page } from '../common/pagination.dto';
import { RawSql } from '../database/raw-sql';
import type { FlowFilters } from './flow.repository';
import { overdueBefore } from './flow-timing';
import { ProtectionFlowEntity } from './protection-flow.entity';

/** The names a flow's view shows beside the ids it stores. */
export interface FlowNames {
  target_name: string | null;
  repository_name: string | null;
  policy_name: string | null;
  schedule_name: string | null;
  schedule_cron: string | null;
}

export interface NamedFlow {
  flow: ProtectionFlowEntity;
  names: FlowNames;
}

// A read model: the flows list and the flow view read the names of the records a flow points at
// in the same statement, joining catalog tables the flows module otherwise reaches only through
// the catalog's services. Reads only; see docs/architecture.md ("Read models").
const NAMED_FLOWS = `SELECT f.*, v.vm_name AS n_vm, g.name AS n_group, r.name AS n_repository, p.name AS n_policy,
  s.name AS n_schedule, s.cron_expression AS n_cron
  FROM protection_flows f
  LEFT JOIN vm_contexts v ON f.target_type = 'vm' AND v.context_id = f.target_id
  LEFT JOIN protection_groups g ON f.target_type = 'group' AND g.id = f.target_id
  LEFT JOIN backup_repositories r ON r.id = f.repository_id
  LEFT JOIN backup_policies p ON p.id = f.policy_id
  LEFT JOIN schedules s ON s.id = f.schedule_id`;

type Condition = [sql: string, ...params: unknown[]];

/** Flows with their names in one query: a page costs two statements (rows and count), one flow one. */
@Injectable()
export class FlowReadRepository {
  constructor(private readonly sql: RawSql) {}

  async one(id: string): Promise<NamedFlow> {
    const [row] = await this.sql.select(`${NAMED_FLOWS} WHERE f.id = ?`, [id]);
    if (!row) throw notFound('Protection flow', id);
    return this.named(row);
  }

  /** By name; by cursor (the last name of the previous page) or by offset. */
  async page(filters: FlowFilters, page: Page): Promise<{ items: NamedFlow[]; total: number; next_cursor: string | null }> {
    const conditions = filterConditions(filters);
    const where = (extra: Condition[]) => {
      const all = [...conditions, ...extra];
      return { sql: all.length ? ` WHERE ${all.map(([c]) => c).join(' AND ')}` : '', params: all.flatMap(([, ...p]) => p) };
    };
    const after: Condition[] = page.cursor === undefined ? [] : [['f.name > ?', decodeCursor(page.cursor, ['name']).name]];
    const rows = where(after);
    const counted = where([]);
    const [found, [count]] = await Promise.all([
      this.sql.select(`${NAMED_FLOWS}${rows.sql} ORDER BY f.name LIMIT ? OFFSET ?`, [...rows.params, page.limit + 1, page.offset]),
      this.sql.select(`SELECT COUNT(*) AS n FROM protection_flows f${counted.sql}`, counted.params),
    ]);
    const named = found.map((row) => this.named(row));
    return { ...keysetPage(named, page.limit, ({ flow }) => ({ name: flow.name })), total: Number(count?.n ?? 0) };
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
      },
    };
  }
}

const overdueParams = (): [boolean, Date] => [true, overdueBefore()];

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
  if (filters.search) conditions.push(["f.name LIKE ? ESCAPE '!'", `%${filters.search.replace(/[!%_]/g, (c) => `!${c}`)}%`]);
  return conditions;
}
