import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { placeholders, RawSql } from '../database/raw-sql';
import { CurrentCatalog, CurrentMembership, CurrentRecord, KindPlan } from './catalog-import.plan';

/** How one importable table is stored: its name, key column, the appliance's fields and how they are written. */
interface ImportTable {
  table: string;
  key: string;
  name: string;
  /** API field → column. */
  columns: Record<string, string>;
  /** Columns a new row gets besides the appliance's fields. */
  newRow: Record<string, unknown>;
}

const VM_FIELDS = ['vm_name', 'vmware_vm_id', 'vm_path', 'vcenter_host', 'datacenter', 'cpu_count', 'memory_mb', 'os_type', 'power_state'];

export const VM_TABLE: ImportTable = {
  table: 'vm_contexts',
  key: 'context_id',
  name: 'vm_name',
  columns: Object.fromEntries(['context_id', ...VM_FIELDS].map((f) => [f, f])),
  newRow: {},
};

export const GROUP_TABLE: ImportTable = {
  table: 'protection_groups',
  key: 'id',
  name: 'name',
  columns: { id: 'id', name: 'name', description: 'description', max_concurrent_vms: 'max_concurrent_vms', priority: 'priority' },
  newRow: { created_by: 'appliance' },
};

export const REPOSITORY_TABLE: ImportTable = {
  table: 'backup_repositories',
  key: 'external_id',
  name: 'name',
  columns: {
    external_id: 'external_id',
    name: 'name',
    type: 'repository_type',
    enabled: 'enabled',
    is_immutable: 'is_immutable',
    config: 'config',
    min_retention_days: 'min_retention_days',
  },
  newRow: {},
};

const MEMBERSHIPS = 'protection_group_memberships';
const BATCH = 200;

/**
 * The catalog import's SQL: the engine's catalog read in one statement per table, and a sync's
 * writes — only the rows that differ — in batches, inside the caller's transaction.
 */
@Injectable()
export class CatalogImportRepository {
  constructor(private readonly sql: RawSql) {}

  async current(): Promise<CurrentCatalog> {
    const [vms, groups, repositories, memberships] = await Promise.all([
      this.records(VM_TABLE, ''),
      this.records(GROUP_TABLE, ''),
      this.records(REPOSITORY_TABLE, 'WHERE external_id IS NOT NULL'),
      this.sql.select(
        `SELECT m.group_id, m.vm_context_id, m.enabled, m.priority FROM ${MEMBERSHIPS} m JOIN protection_groups g ON g.id = m.group_id WHERE g.source = ?`,
        ['appliance'],
      ),
    ]);
    return {
      vms,
      groups,
      repositories,
      memberships: memberships.map((m) => ({
        group_id: String(m.group_id),
        vm_context_id: String(m.vm_context_id),
        enabled: truthy(m.enabled),
        priority: Number(m.priority),
      })),
    };
  }

  /** Rows added, changed (they become the appliance's, no longer missing), all seen now. */
  async write(table: ImportTable, plan: Pick<KindPlan, 'insert' | 'update'>, now: Date, manager: EntityManager): Promise<void> {
    const seen = { source: 'appliance', last_seen_at: now, missing_since: null, updated_at: now };
    for (const { key, fields } of plan.update) {
      await this.sql.update(table.table, { ...columnsOf(table, fields), ...seen }, `${table.key} = ?`, [key], manager);
    }
    const rows: Array<Record<string, unknown>> = plan.insert.map((fields) => ({ ...table.newRow, ...columnsOf(table, fields), ...seen, created_at: now }));
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]);
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.sql.insert(
        table.table,
        columns,
        rows.slice(i, i + BATCH).map((row) => columns.map((c) => row[c])),
        manager,
      );
    }
  }

  /** Imported rows the appliance no longer has: deleted, or kept and marked missing. */
  async retire(table: ImportTable, remove: string[], keep: string[], now: Date, manager: EntityManager): Promise<void> {
    for (let i = 0; i < remove.length; i += BATCH) {
      const keys = remove.slice(i, i + BATCH);
      await this.sql.execute(`DELETE FROM ${table.table} WHERE ${table.key} IN (${placeholders(keys.length)})`, keys, manager);
    }
    for (let i = 0; i < keep.length; i += BATCH) {
      const keys = keep.slice(i, i + BATCH);
      await this.sql.update(table.table, { missing_since: now, updated_at: now }, `${table.key} IN (${placeholders(keys.length)})`, keys, manager);
    }
  }

  /** The appliance's groups' memberships: removed, changed, added. */
  async writeMemberships(
    plan: { insert: CurrentMembership[]; update: CurrentMembership[]; remove: Array<{ group_id: string; vm_context_id: string }> },
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    for (const m of plan.remove)
      await this.sql.execute(`DELETE FROM ${MEMBERSHIPS} WHERE group_id = ? AND vm_context_id = ?`, [m.group_id, m.vm_context_id], manager);
    for (const m of plan.update) {
      await this.sql.update(
        MEMBERSHIPS,
        { enabled: m.enabled, priority: m.priority },
        'group_id = ? AND vm_context_id = ?',
        [m.group_id, m.vm_context_id],
        manager,
      );
    }
    const columns = ['id', 'group_id', 'vm_context_id', 'enabled', 'priority', 'added_at', 'added_by'];
    for (let i = 0; i < plan.insert.length; i += BATCH) {
      const chunk = plan.insert.slice(i, i + BATCH).map((m) => [randomUUID(), m.group_id, m.vm_context_id, m.enabled, m.priority, now, 'appliance']);
      await this.sql.insert(MEMBERSHIPS, columns, chunk, manager);
    }
  }

  private async records(table: ImportTable, where: string): Promise<CurrentRecord[]> {
    const select = Object.entries(table.columns)
      .map(([field, column]) => (field === column ? column : `${column} AS ${field}`))
      .join(', ');
    const rowId = table === REPOSITORY_TABLE ? ', id AS row_id' : '';
    const rows = await this.sql.select(`SELECT ${select}, source, missing_since${rowId} FROM ${table.table} ${where}`, []);
    return rows.map((row) => {
      const fields = Object.fromEntries(Object.keys(table.columns).map((field) => [field, normalise(field, row[field])]));
      return {
        key: String(row[table.key]),
        name: String(row[table.name]),
        ...(row.row_id !== undefined ? { rowId: Number(row.row_id) } : {}),
        source: row.source === 'appliance' ? 'appliance' : 'local',
        missing: row.missing_since !== null,
        fields,
      };
    });
  }
}

/** The appliance's fields as the table's columns. */
function columnsOf(table: ImportTable, fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table.columns).map(([field, column]) => [column, fields[field] ?? null]));
}

const truthy = (value: unknown): boolean => value === true || Number(value) === 1;

/** Stored values as the planner compares them with the appliance's: booleans as booleans, JSON parsed. */
function normalise(field: string, value: unknown): unknown {
  if (field === 'enabled' || field === 'is_immutable') return truthy(value);
  if (field === 'config' && typeof value === 'string') return JSON.parse(value) as unknown;
  return value ?? null;
}
