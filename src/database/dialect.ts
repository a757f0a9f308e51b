import { ColumnOptions, ColumnType, QueryRunner, Table, TableColumn, ValueTransformer } from 'typeorm';
import { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/**
 * The only place that knows MySQL/MariaDB and SQLite differ. Entities and migrations ask this
 * module for column options instead of spelling types themselves.
 *
 * The dialect is a process-wide fact: it follows DATABASE_URL (set → MySQL, unset → SQLite),
 * and it is read when entity decorators run, so it must be set before entities are imported.
 */
export type Dialect = 'mysql' | 'sqlite';

export function activeDialect(env: NodeJS.ProcessEnv = process.env): Dialect {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== '' ? 'mysql' : 'sqlite';
}

// Read once: the dialect cannot change while the process runs (entity decorators already used it).
let dialect: Dialect | undefined;
const isMysql = (): boolean => (dialect ??= activeDialect()) === 'mysql';

/** Millisecond UTC timestamps: DATETIME(3) on MySQL, ISO-like text on SQLite. */
export function timestampColumn(options: { nullable?: boolean; defaultNow?: boolean } = {}): ColumnOptions {
  const base: ColumnOptions = { type: 'datetime', nullable: options.nullable ?? false };
  if (isMysql()) base.precision = 3;
  if (options.defaultNow) {
    base.default = isMysql() ? () => 'CURRENT_TIMESTAMP(3)' : () => "(STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))";
  }
  return base;
}

/** ENUM on MySQL, a CHECKed varchar on SQLite (TypeORM's simple-enum does both). */
export function enumColumn(values: readonly string[], options: { default?: string; nullable?: boolean } = {}): ColumnOptions {
  return {
    type: 'simple-enum',
    enum: [...values],
    nullable: options.nullable ?? false,
    ...(options.default !== undefined ? { default: options.default } : {}),
  };
}

export function jsonColumn(options: { nullable?: boolean } = {}): ColumnOptions {
  return { type: isMysql() ? 'json' : 'simple-json', nullable: options.nullable ?? true };
}

/** mysql2 hands BIGINT back as a string; the API speaks numbers (byte counts stay far below 2^53). */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export function bigintColumn(options: { nullable?: boolean; default?: number } = {}): ColumnOptions {
  return {
    type: 'bigint',
    nullable: options.nullable ?? false,
    transformer: bigintToNumber,
    ...(options.default !== undefined ? { default: options.default } : {}),
  };
}

/** A 64-bit auto-increment key: BIGINT on MySQL; SQLite's INTEGER PRIMARY KEY is 64-bit already (and the only kind it increments). */
export function bigAutoIncrementType(): 'bigint' | 'integer' {
  return isMysql() ? 'bigint' : 'integer';
}

/** Application-generated UUID keys; MySQL also carries DEFAULT (UUID()), for rows inserted by hand. */
export function uuidKeyColumn(): ColumnOptions & { nullable?: false } {
  return { type: 'varchar', length: 64, ...(isMysql() ? { default: () => 'uuid()' } : {}) };
}

/** A migration column built from the same options the entity uses, so the two cannot drift. */
export function tableColumn(name: string, options: ColumnOptions, extra: { primary?: boolean; generated?: boolean } = {}): TableColumnOptions {
  return {
    name,
    type: String(options.type),
    length: options.length !== undefined ? String(options.length) : undefined,
    precision: options.precision ?? undefined,
    width: options.width,
    enum: options.enum ? (options.enum as string[]) : undefined,
    isNullable: options.nullable ?? false,
    default: sqlDefault(options.default),
    isPrimary: extra.primary ?? false,
    isGenerated: extra.generated ?? false,
    generationStrategy: extra.generated ? 'increment' : undefined,
  };
}

function sqlDefault(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return String((value as () => string)());
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new Error(`unsupported column default: ${JSON.stringify(value)}`);
  return `'${value.replace(/'/g, "''")}'`;
}

/** MariaDB reports BOOLEAN as TINYINT(1); declaring the width keeps TypeORM's schema diff quiet. */
export function booleanColumn(defaultValue: boolean): ColumnOptions {
  return { type: 'boolean', default: defaultValue, ...(isMysql() ? { width: 1 } : {}) };
}

/**
 * The Table API writes types as given, while entity columns go through the driver's
 * normalizeType; migrations pass their tables through this so both end up with the same types.
 */
export function withPhysicalTypes(queryRunner: QueryRunner, table: Table): Table {
  for (const column of table.columns) column.type = physicalType(queryRunner, column.type, column.length);
  return table;
}

/** A column to add in a later migration, typed as the entity's column will be. */
export function physicalColumn(queryRunner: QueryRunner, name: string, options: ColumnOptions): TableColumn {
  const column = new TableColumn(tableColumn(name, options));
  column.type = physicalType(queryRunner, column.type, column.length);
  return column;
}

function physicalType(queryRunner: QueryRunner, type: string, length: string): string {
  return queryRunner.connection.driver.normalizeType({ type: type as ColumnType, length });
}

/** A Date as a raw-query parameter: mysql2 takes Date (UTC via timezone 'Z'); SQLite stores text. */
export function sqlTimestamp(date: Date | null | undefined): Date | string | null {
  if (!date) return null;
  return isMysql() ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}

/** The quarter hour (UTC) a timestamp column falls in, as text 'YYYY-MM-DD HH:MM' (every zone's offset is whole quarter hours). */
export function quarterHourOf(column: string): string {
  return isMysql()
    ? `CONCAT(DATE_FORMAT(${column}, '%Y-%m-%d %H:'), LPAD(FLOOR(MINUTE(${column}) / 15) * 15, 2, '0'))`
    : `STRFTIME('%Y-%m-%d %H:', ${column}) || PRINTF('%02d', (CAST(STRFTIME('%M', ${column}) AS INTEGER) / 15) * 15)`;
}

/** A timestamp from a raw row: a Date from MySQL, UTC text from SQLite. */
export function timestampFromRow(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
