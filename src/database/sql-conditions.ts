import { placeholders } from './raw-sql';

/** One condition of a WHERE clause with its parameters, e.g. `['f.enabled = ?', true]`. */
export type Condition = [sql: string, ...params: unknown[]];

/** ` WHERE a AND b` (or nothing) and its parameters, in order. */
export function whereClause(conditions: Condition[]): { sql: string; params: unknown[] } {
  return {
    sql: conditions.length ? ` WHERE ${conditions.map(([sql]) => `(${sql})`).join(' AND ')}` : '',
    params: conditions.flatMap(([, ...params]) => params),
  };
}

/** `column IN (?, ?, …)` for a non-empty list. */
export function inList(column: string, values: readonly unknown[]): Condition {
  return [`${column} IN (${placeholders(values.length)})`, ...values];
}

/** A LIKE condition matching `text` anywhere, its wildcards taken literally. */
export function containing(column: string, text: string): Condition {
  return [`${column} LIKE ? ESCAPE '!'`, `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`];
}
