import { badRequest } from '../common/api-error';
import { cursorInteger, cursorTime, decodeCursor } from '../common/cursor';
import { Condition } from '../database/sql-conditions';
import { FlowSort } from './dto/flow-list.dto';
import { ProtectionFlowEntity } from './protection-flow.entity';

/** A flow list's order: the sort column and direction; the flow name (unique) breaks ties. */
export interface FlowOrder {
  sort: FlowSort;
  order: 'asc' | 'desc';
}

// Flows without a time sort after those with one in both directions: the missing time stands in
// as the far future ascending and the far past descending.
const FAR_FUTURE = new Date('9999-12-31T00:00:00.000Z');
const FAR_PAST = new Date('1000-01-01T00:00:00.000Z');

/** Worst first: what an operator sorting by last result wants to see at the top; success next, never run last. */
const RESULT_RANKS: Record<string, number> = { error: 0, warning: 1, cancelled: 2, running: 3, pending: 4 };
const SUCCESS_RANK = 5;
const NEVER_RUN_RANK = 6;
// The same ranks in SQL (the statuses are fixed words, not input).
const RESULT_RANK = `CASE WHEN f.total_executions = 0 THEN ${NEVER_RUN_RANK} ${Object.entries(RESULT_RANKS)
  .map(([status, rank]) => `WHEN f.last_execution_status = '${status}' THEN ${rank}`)
  .join(' ')} ELSE ${SUCCESS_RANK} END`;

interface SortKey {
  sql: string;
  params: unknown[];
  /** The key's value for a row, as it goes into a cursor. */
  valueOf: (flow: ProtectionFlowEntity) => string;
  /** A cursor's value back as a parameter. */
  parse: (value: string) => unknown;
}

function sortKey({ sort, order }: FlowOrder): SortKey | null {
  const missing = order === 'asc' ? FAR_FUTURE : FAR_PAST;
  const time = (column: 'next_execution_time' | 'last_execution_time'): SortKey => ({
    sql: `COALESCE(f.${column}, ?)`,
    params: [missing],
    valueOf: (flow) => (flow[column] ?? missing).toISOString(),
    parse: cursorTime,
  });
  if (sort === 'next_run') return time('next_execution_time');
  if (sort === 'last_run') return time('last_execution_time');
  if (sort === 'last_result') return { sql: RESULT_RANK, params: [], valueOf: rankOf, parse: cursorInteger };
  return null;
}

/** The ORDER BY clause and its parameters. */
export function orderBy(order: FlowOrder): { sql: string; params: unknown[] } {
  const key = sortKey(order);
  const direction = order.order === 'desc' ? 'DESC' : 'ASC';
  if (!key) return { sql: ` ORDER BY f.name ${direction}`, params: [] };
  return { sql: ` ORDER BY ${key.sql} ${direction}, f.name ASC`, params: key.params };
}

/** The rows after a cursor's row, in this order; 400 for a cursor of another order. */
export function afterCursor(order: FlowOrder, cursor: string): Condition {
  const { sort, order: direction, value, name } = decodeCursor(cursor, ['sort', 'order', 'value', 'name']);
  if (sort !== order.sort || direction !== order.order) throw badRequest('cursor belongs to another sort order: start again from the first page');
  const key = sortKey(order);
  const beyond = order.order === 'desc' ? '<' : '>';
  if (!key) return [`f.name ${beyond} ?`, name];
  const at = key.parse(value);
  return [`${key.sql} ${beyond} ? OR (${key.sql} = ? AND f.name > ?)`, ...key.params, at, ...key.params, at, name];
}

/** The cursor naming this row in this order. */
export function cursorOf(order: FlowOrder, flow: ProtectionFlowEntity): Record<string, string> {
  return { sort: order.sort, order: order.order, value: sortKey(order)?.valueOf(flow) ?? '', name: flow.name };
}

function rankOf(flow: ProtectionFlowEntity): string {
  return String(flow.total_executions === 0 ? NEVER_RUN_RANK : (RESULT_RANKS[flow.last_execution_status] ?? SUCCESS_RANK));
}
