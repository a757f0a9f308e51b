import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EngineProcess } from './engine-process';

const DAY_MS = 86_400_000;
const STATUSES = ['success', 'success', 'success', 'success', 'success', 'success', 'warning', 'error', 'cancelled'];
const TYPES = ['scheduled', 'scheduled', 'scheduled', 'manual', 'api'];

/**
 * Flows and a month of run history, written by SQL (the API would take hours for 100,000 runs):
 * the catalog records through the API, then flows and executions in batches. Only columns every
 * version since the first has, so an older build can be measured on the same data. Returns ms.
 */
export async function seedHistory(
  engine: EngineProcess,
  options: { flows: number; executions: number; mysqlUrl?: string; sqlitePath: string },
): Promise<number> {
  const started = Date.now();
  const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'bench-repo', type: 'local' })).id;
  const vm = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'bench-vm' })).context_id;
  const schedule = (await engine.json<{ id: string }>('POST', '/schedules', { name: 'bench-nightly', cron_expression: '0 2 * * *' })).id;
  const now = Date.now();
  const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const flowIds = Array.from({ length: options.flows }, () => randomUUID());
  const flowRows = flowIds.map((id, i) => [
    id,
    `bench-flow-${String(i).padStart(5, '0')}`,
    'backup',
    'vm',
    vm,
    repo,
    schedule,
    1,
    at(now),
    at(now),
    'bench',
    'success',
    options.executions > 0 ? 1 : 0,
  ]);
  const runRows = Array.from({ length: options.executions }, (_, i) => {
    const created = now - Math.floor((i / options.executions) * 30 * DAY_MS) - 60_000;
    const status = STATUSES[i % STATUSES.length];
    const seconds = 60 + (i % 3600);
    return [
      randomUUID(),
      flowIds[i % flowIds.length],
      status,
      TYPES[i % TYPES.length],
      1,
      status === 'success' ? 1 : 0,
      status === 'error' ? 1 : 0,
      at(created),
      at(created + seconds * 1000),
      seconds,
      1,
      (i % 50) * 1024 ** 3,
      at(created),
      '[]',
      'bench',
    ];
  });
  const flowColumns = [
    'id',
    'name',
    'flow_type',
    'target_type',
    'target_id',
    'repository_id',
    'schedule_id',
    'enabled',
    'created_at',
    'updated_at',
    'created_by',
    'last_execution_status',
    'total_executions',
  ];
  const runColumns = [
    'id',
    'flow_id',
    'status',
    'execution_type',
    'jobs_created',
    'jobs_completed',
    'jobs_failed',
    'started_at',
    'completed_at',
    'execution_time_seconds',
    'vms_processed',
    'bytes_transferred',
    'created_at',
    'created_job_ids',
    'triggered_by',
  ];
  const insert = (table: string, columns: string[], count: number) =>
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: count }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
  const batches = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  const database = new DataSource(options.mysqlUrl ? { type: 'mysql', url: options.mysqlUrl } : { type: 'better-sqlite3', database: options.sqlitePath });
  await database.initialize();
  try {
    await database.transaction(async (manager) => {
      for (const batch of batches(flowRows, 500)) await manager.query(insert('protection_flows', flowColumns, batch.length), batch.flat());
      for (const batch of batches(runRows, 500)) await manager.query(insert('protection_flow_executions', runColumns, batch.length), batch.flat());
    });
  } finally {
    await database.destroy();
  }
  return Date.now() - started;
}
