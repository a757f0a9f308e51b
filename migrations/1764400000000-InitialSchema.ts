import { MigrationInterface, QueryRunner, Table, TableCheck, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';
import { booleanColumn, withPhysicalTypes, enumColumn, jsonColumn, tableColumn, timestampColumn, uuidKeyColumn, bigintColumn } from '../src/database/dialect';

// Column builders: every type decision comes from src/database/dialect.ts, as in the entities.
const uuidKey = (name = 'id'): TableColumnOptions => tableColumn(name, uuidKeyColumn(), { primary: true });
const intKey = (): TableColumnOptions => tableColumn('id', { type: 'int' }, { primary: true, generated: true });
const varchar = (name: string, length = 255, nullable = false, def?: string): TableColumnOptions =>
  tableColumn(name, { type: 'varchar', length, nullable, default: def });
const int = (name: string, def?: number, nullable = false): TableColumnOptions => tableColumn(name, { type: 'int', nullable, default: def });
const bool = (name: string, def: boolean): TableColumnOptions => tableColumn(name, booleanColumn(def));
const text = (name: string, nullable = true): TableColumnOptions => tableColumn(name, { type: 'text', nullable });
const ts = (name: string, opts: { nullable?: boolean; defaultNow?: boolean } = {}): TableColumnOptions => tableColumn(name, timestampColumn(opts));
const json = (name: string): TableColumnOptions => tableColumn(name, jsonColumn());
const enm = (name: string, values: string[], opts: { default?: string; nullable?: boolean } = {}): TableColumnOptions =>
  tableColumn(name, enumColumn(values, opts));
const bigint = (name: string, opts: { nullable?: boolean; default?: number }): TableColumnOptions => tableColumn(name, bigintColumn(opts));
const stamps = (): TableColumnOptions[] => [ts('created_at', { defaultNow: true }), ts('updated_at', { defaultNow: true })];

const fk = (name: string, column: string, table: string, onDelete: string, refColumn = 'id'): TableForeignKey =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: [refColumn], onDelete, onUpdate: 'NO ACTION' });
const idx = (name: string, columns: string[], unique = false): TableIndex => new TableIndex({ name, columnNames: columns, isUnique: unique });

const FLOW_CHECKS = [
  { name: 'chk_flows_backup_repository', expression: "flow_type <> 'backup' OR repository_id IS NOT NULL" },
  { name: 'chk_flows_replication_destination', expression: "flow_type <> 'replication' OR destination_type IS NOT NULL" },
];

function catalogTables(): Table[] {
  return [
    new Table({
      name: 'vm_contexts',
      columns: [
        uuidKey('context_id'),
        varchar('vm_name'),
        varchar('vmware_vm_id', 255, true),
        varchar('vm_path', 1024, true),
        varchar('vcenter_host', 255, true),
        varchar('datacenter', 255, true),
        int('cpu_count', undefined, true),
        int('memory_mb', undefined, true),
        varchar('os_type', 255, true),
        varchar('power_state', 64, true),
        json('disks'),
        ...stamps(),
      ],
      indices: [idx('uq_vm_contexts_vm_name', ['vm_name'], true)],
    }),
    new Table({
      name: 'protection_groups',
      columns: [
        uuidKey(),
        varchar('name'),
        text('description'),
        int('max_concurrent_vms', 5),
        int('priority', 0),
        varchar('created_by', 255, false, 'system'),
        ...stamps(),
      ],
      indices: [idx('uq_protection_groups_name', ['name'], true)],
    }),
    new Table({
      name: 'protection_group_memberships',
      columns: [
        uuidKey(),
        varchar('group_id', 64),
        varchar('vm_context_id', 64),
        bool('enabled', true),
        int('priority', 0),
        ts('added_at', { defaultNow: true }),
        varchar('added_by', 255, false, 'system'),
      ],
      indices: [idx('uq_memberships_group_vm', ['group_id', 'vm_context_id'], true), idx('idx_memberships_vm', ['vm_context_id'])],
      foreignKeys: [
        fk('fk_memberships_group', 'group_id', 'protection_groups', 'CASCADE'),
        fk('fk_memberships_vm', 'vm_context_id', 'vm_contexts', 'CASCADE', 'context_id'),
      ],
    }),
    new Table({
      name: 'schedules',
      columns: [
        uuidKey(),
        varchar('name'),
        text('description'),
        varchar('cron_expression'),
        varchar('timezone', 64, false, 'UTC'),
        bool('enabled', true),
        bool('skip_if_running', true),
        int('retry_attempts', 0),
        int('retry_delay_minutes', 30),
        enm('catchup_policy', ['skip', 'run_once'], { default: 'run_once' }),
        int('catchup_window_minutes', 60),
        ...stamps(),
      ],
      indices: [idx('uq_schedules_name', ['name'], true)],
    }),
    new Table({
      name: 'backup_repositories',
      columns: [
        intKey(),
        varchar('name'),
        enm('repository_type', ['local', 'nfs', 'cifs', 'smb', 's3', 'azure']),
        bool('enabled', true),
        json('config'),
        bool('is_immutable', false),
        int('min_retention_days', 0),
        ...stamps(),
      ],
      indices: [idx('uq_backup_repositories_name', ['name'], true)],
    }),
    new Table({
      name: 'backup_policies',
      columns: [intKey(), varchar('name'), text('description'), bool('enabled', true), int('retention_days', 30), json('copy_rules'), ...stamps()],
      indices: [idx('uq_backup_policies_name', ['name'], true)],
    }),
  ];
}

function flowsTable(): Table {
  return new Table({
    name: 'protection_flows',
    columns: [
      uuidKey(),
      varchar('name'),
      text('description'),
      enm('flow_type', ['backup', 'replication']),
      enm('target_type', ['vm', 'group']),
      varchar('target_id', 64),
      int('repository_id', undefined, true),
      int('policy_id', undefined, true),
      enm('destination_type', ['ossea', 'vmware', 'hyperv'], { nullable: true }),
      json('destination_config'),
      varchar('schedule_id', 64, true),
      bool('enabled', true),
      varchar('last_execution_id', 64, true),
      enm('last_execution_status', ['success', 'warning', 'error', 'running', 'pending'], { default: 'pending' }),
      ts('last_execution_time', { nullable: true }),
      ts('next_execution_time', { nullable: true }),
      int('total_executions', 0),
      int('successful_executions', 0),
      int('failed_executions', 0),
      ...stamps(),
      varchar('created_by', 255, false, 'system'),
    ],
    indices: [
      idx('uq_protection_flows_name', ['name'], true),
      idx('idx_flows_flow_type', ['flow_type']),
      idx('idx_flows_target', ['target_type', 'target_id']),
      idx('idx_flows_enabled', ['enabled']),
      idx('idx_flows_schedule', ['schedule_id']),
      idx('idx_flows_repository', ['repository_id']),
      idx('idx_flows_policy', ['policy_id']),
      idx('idx_flows_last_execution_time', ['last_execution_time']),
    ],
    foreignKeys: [
      fk('fk_flows_repository', 'repository_id', 'backup_repositories', 'RESTRICT'),
      fk('fk_flows_policy', 'policy_id', 'backup_policies', 'SET NULL'),
      fk('fk_flows_schedule', 'schedule_id', 'schedules', 'SET NULL'),
    ],
    checks: FLOW_CHECKS.map((c) => new TableCheck(c)),
  });
}

function runTables(): Table[] {
  return [
    new Table({
      name: 'schedule_executions',
      columns: [
        uuidKey(),
        varchar('schedule_id', 64, true),
        varchar('flow_id', 64),
        ts('scheduled_at'),
        ts('fired_at', { nullable: true }),
        enm('outcome', ['fired', 'skipped_overlap', 'skipped_disabled', 'missed', 'caught_up']),
        varchar('flow_execution_id', 64, true),
      ],
      indices: [idx('uq_schedule_executions_flow_occurrence', ['flow_id', 'scheduled_at'], true), idx('idx_schedule_executions_schedule', ['schedule_id'])],
      foreignKeys: [
        fk('fk_schedule_executions_schedule', 'schedule_id', 'schedules', 'SET NULL'),
        fk('fk_schedule_executions_flow', 'flow_id', 'protection_flows', 'CASCADE'),
      ],
    }),
    new Table({
      name: 'protection_flow_executions',
      columns: [
        uuidKey(),
        varchar('flow_id', 64),
        enm('status', ['pending', 'running', 'success', 'warning', 'error', 'cancelled'], { default: 'pending' }),
        enm('execution_type', ['scheduled', 'manual', 'api']),
        int('jobs_created', 0),
        int('jobs_completed', 0),
        int('jobs_failed', 0),
        int('jobs_skipped', 0),
        ts('started_at', { nullable: true }),
        ts('completed_at', { nullable: true }),
        int('execution_time_seconds', undefined, true),
        int('vms_processed', 0),
        bigint('bytes_transferred', { default: 0 }),
        text('error_message'),
        json('execution_metadata'),
        json('created_job_ids'),
        varchar('schedule_execution_id', 64, true),
        ts('created_at', { defaultNow: true }),
        varchar('triggered_by', 255, true),
      ],
      indices: [
        idx('idx_executions_flow_started', ['flow_id', 'started_at']),
        idx('idx_executions_status', ['status']),
        idx('idx_executions_started_at', ['started_at']),
        idx('idx_executions_schedule_execution', ['schedule_execution_id']),
      ],
      foreignKeys: [
        fk('fk_executions_flow', 'flow_id', 'protection_flows', 'CASCADE'),
        fk('fk_executions_schedule_execution', 'schedule_execution_id', 'schedule_executions', 'SET NULL'),
      ],
    }),
    new Table({
      name: 'protection_flow_execution_jobs',
      columns: [
        uuidKey(),
        varchar('execution_id', 64),
        varchar('vm_context_id', 64),
        varchar('vm_name'),
        enm('backup_type', ['full', 'incremental'], { nullable: true }),
        enm('status', ['queued', 'starting', 'running', 'completed', 'failed', 'skipped', 'cancelled'], { default: 'queued' }),
        int('attempt', 0),
        varchar('backup_job_id', 255, true),
        bigint('bytes_transferred', { default: 0 }),
        bigint('total_bytes', { nullable: true }),
        tableColumn('progress_percent', { type: 'double', nullable: true }),
        varchar('current_phase', 64, true),
        text('error_message'),
        ts('queued_at', { nullable: true }),
        ts('started_at', { nullable: true }),
        ts('completed_at', { nullable: true }),
        ts('last_update_at', { nullable: true }),
      ],
      indices: [
        idx('uq_execution_jobs_execution_vm', ['execution_id', 'vm_context_id'], true),
        idx('idx_execution_jobs_status', ['status']),
        idx('idx_execution_jobs_backup_job', ['backup_job_id']),
      ],
      foreignKeys: [fk('fk_execution_jobs_execution', 'execution_id', 'protection_flow_executions', 'CASCADE')],
    }),
    new Table({
      name: 'protection_flow_execution_events',
      columns: [
        intKey(),
        varchar('execution_id', 64),
        ts('at', { defaultNow: true }),
        enm('level', ['debug', 'info', 'warn', 'error'], { default: 'info' }),
        varchar('step', 64),
        text('message', false),
        json('data'),
      ],
      indices: [idx('idx_execution_events_execution_at', ['execution_id', 'at'])],
      foreignKeys: [fk('fk_execution_events_execution', 'execution_id', 'protection_flow_executions', 'CASCADE')],
    }),
  ];
}

/** Every table of the engine, on MySQL/MariaDB and SQLite alike. */
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...catalogTables(), flowsTable(), ...runTables()]) {
      await queryRunner.createTable(withPhysicalTypes(queryRunner, table), false, true, true);
    }
    if (['mysql', 'mariadb'].includes(queryRunner.connection.options.type)) {
      // TypeORM does not emit CHECK constraints for MySQL; MariaDB 10.2+ and MySQL 8.0.16+ enforce them.
      for (const check of FLOW_CHECKS) {
        await queryRunner.query(`ALTER TABLE protection_flows ADD CONSTRAINT ${check.name} CHECK (${check.expression})`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const order = [
      'protection_flow_execution_events',
      'protection_flow_execution_jobs',
      'protection_flow_executions',
      'schedule_executions',
      'protection_flows',
      'backup_policies',
      'backup_repositories',
      'schedules',
      'protection_group_memberships',
      'protection_groups',
      'vm_contexts',
    ];
    for (const name of order) await queryRunner.dropTable(name, true, true, true);
  }
}
