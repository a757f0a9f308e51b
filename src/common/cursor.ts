import { badRequest } from './api-error';

/**
 * Keyset paging: a cursor names the last row of a page by its sort key, so the next page starts
 * after it with an index seek, however deep the list goes (an offset makes the database walk past
 * every skipped row). Cursors are opaque to clients: base64url JSON of the key's values.
 */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor names; 400 when it is not a cursor this list gave out. */
export function decodeCursor<K extends string>(cursor: string, fields: readonly K[]): Record<K, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (!fields.every((field) => typeof record[field] === 'string')) throw badCursor();
  return record as Record<K, string>;
}

/** A time a cursor holds; 400 when it is none. */
export function cursorTime(value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw badCursor();
  return time;
}

/** A whole number a cursor holds; 400 when it is none. */
export function cursorInteger(value: string): number {
  if (!/^-?\d{1,15}$/.test(value)) throw badCursor();
  return Number(value);
}

function badCursor(): Error {
  return badRequest('cursor is not one this list gave out: pass next_cursor from the previous page unchanged');
}

/** A page read with one row more than asked: the rows to answer, and the next page's cursor when there is one. */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => Record<string, string>): { items: T[]; next_cursor: string | null } {
  if (rows.length <= limit) return { items: rows, next_cursor: null };
  const items = rows.slice(0, limit);
  return { items, next_cursor: encodeCursor(keyOf(items[items.length - 1])) };
}
