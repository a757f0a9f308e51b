import { QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
}

function driverError(err: unknown): DriverError | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  return err.driverError as DriverError;
}

/** A unique key (or primary key) refused the write: MySQL 1062, SQLite UNIQUE/PRIMARYKEY. */
export function isUniqueViolation(err: unknown): boolean {
  const e = driverError(err);
  return !!e && (e.code === 'ER_DUP_ENTRY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

/** A row is still referenced (delete/update refused by a RESTRICT foreign key). */
export function isReferencedRowViolation(err: unknown): boolean {
  const e = driverError(err);
  if (!e) return false;
  return e.code === 'ER_ROW_IS_REFERENCED_2' || e.code === 'ER_ROW_IS_REFERENCED' || isSqliteForeignKey(e);
}

/** A write named a parent row that does not exist. */
export function isMissingParentViolation(err: unknown): boolean {
  const e = driverError(err);
  if (!e) return false;
  return e.code === 'ER_NO_REFERENCED_ROW_2' || e.code === 'ER_NO_REFERENCED_ROW' || isSqliteForeignKey(e);
}

/** The database rolled this statement's transaction back to break a deadlock (MySQL 1213). */
export function isDeadlock(err: unknown): boolean {
  return driverError(err)?.code === 'ER_LOCK_DEADLOCK';
}

/** A CHECK constraint refused the row (MariaDB's 4025 also when a JSON column's document is not valid for it). */
export function isCheckViolation(err: unknown): boolean {
  const e = driverError(err);
  return !!e && (e.code === 'ER_CONSTRAINT_FAILED' || e.code === 'ER_CHECK_CONSTRAINT_VIOLATED' || e.code === 'SQLITE_CONSTRAINT_CHECK' || e.errno === 4025);
}

// SQLite reports ON DELETE RESTRICT as a trigger constraint, other FK failures as FOREIGNKEY.
function isSqliteForeignKey(e: DriverError): boolean {
  return e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (e.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY/i.test(e.message ?? ''));
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** The database did not answer (down, unreachable, too busy) — nothing the caller did. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const candidates = [err, driverError(err)];
  for (const candidate of candidates) {
    if (!candidate || typeof candidate !== 'object') continue;
    const { code, message } = candidate as DriverError;
    if (code && UNAVAILABLE_CODES.has(code)) return true;
    if (
      /Connection is not established|connection is not open|Pool is closed|connect ETIMEDOUT|Can't add new command when connection is in closed state/i.test(
        message ?? '',
      )
    )
      return true;
  }
  return false;
}
