import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createPool, Pool } from 'mysql2/promise';

/**
 * The floor for bench:reads: a bare node:http server answering the engine's read endpoints with
 * the same JSON, straight from mysql2, one joined query per answer (plus a count where the answer
 * has a total). No framework, no validation, no logging: what the reads cost at the least.
 * Env: DATABASE_URL, PORT.
 */
type Row = Record<string, unknown>;

async function select(db: Pool, sql: string, params: unknown[] = []): Promise<Row[]> {
  const [rows] = await db.query(sql, params);
  return rows as Row[];
}

const FLOW_SELECT = `SELECT f.*, COALESCE(v.vm_name, g.name) AS target_name, r.name AS repository_name, p.name AS policy_name,
  s.name AS schedule_name, s.cron_expression AS schedule_cron
  FROM protection_flows f
  LEFT JOIN vm_contexts v ON f.target_type = 'vm' AND v.context_id = f.target_id
  LEFT JOIN protection_groups g ON f.target_type = 'group' AND g.id = f.target_id
  LEFT JOIN backup_repositories r ON r.id = f.repository_id
  LEFT JOIN backup_policies p ON p.id = f.policy_id
  LEFT JOIN schedules s ON s.id = f.schedule_id`;

const json = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : (value ?? null));

function flowOf(r: Row): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    flow_type: r.flow_type,
    target_type: r.target_type,
    target_id: r.target_id,
    repository_id: r.repository_id,
    policy_id: r.policy_id,
    destination_type: r.destination_type,
    destination_config: json(r.destination_config),
    schedule_id: r.schedule_id,
    enabled: r.enabled === 1,
    created_at: r.created_at,
    updated_at: r.updated_at,
    created_by: r.created_by,
    status: {
      last_execution_id: r.last_execution_id,
      last_execution_status: r.last_execution_status,
      last_execution_time: r.last_execution_time,
      next_execution_time: r.next_execution_time,
      total_executions: r.total_executions,
      successful_executions: r.successful_executions,
      failed_executions: r.failed_executions,
      running_execution: null,
    },
    target_name: r.target_name,
    repository_name: r.repository_name,
    policy_name: r.policy_name,
    schedule_name: r.schedule_name,
    schedule_cron: r.schedule_cron,
  };
}

async function flowsPage(db: Pool, url: URL): Promise<unknown> {
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const [rows, counted] = await Promise.all([
    select(db, `${FLOW_SELECT} ORDER BY f.name LIMIT ? OFFSET ?`, [limit + 1, offset]),
    select(db, 'SELECT COUNT(*) AS total FROM protection_flows'),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next = rows.length > limit && last ? Buffer.from(JSON.stringify({ name: String(last.name) }), 'utf8').toString('base64url') : null;
  return { flows: page.map(flowOf), total: counted[0].total, next_cursor: next };
}

async function oneFlow(db: Pool, id: string): Promise<unknown> {
  const rows = await select(db, `${FLOW_SELECT} WHERE f.id = ?`, [id]);
  return rows[0] ? flowOf(rows[0]) : undefined;
}

async function summary(db: Pool): Promise<unknown> {
  const since = new Date();
  since.setUTCHours(0, 0, 0, 0);
  const [row] = await select(
    db,
    `SELECT
      (SELECT COUNT(*) FROM protection_flows) AS total_flows,
      (SELECT COUNT(*) FROM protection_flows WHERE enabled = 1) AS enabled_flows,
      (SELECT COUNT(*) FROM protection_flows WHERE flow_type = 'backup') AS backup_flows,
      (SELECT COUNT(*) FROM protection_flow_executions WHERE status = 'running') AS running_executions,
      (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ?) AS total_executions_today,
      (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ? AND status = 'success') AS successful_executions_today,
      (SELECT COUNT(*) FROM protection_flow_executions WHERE created_at >= ? AND status IN ('error', 'warning')) AS failed_executions_today,
      (SELECT COUNT(*) FROM schedule_executions WHERE scheduled_at >= ? AND outcome IN ('skipped_overlap', 'skipped_disabled', 'missed')) AS skipped_runs_today`,
    [since, since, since, since],
  );
  const n = (key: string) => Number(row[key]);
  return {
    total_flows: n('total_flows'),
    enabled_flows: n('enabled_flows'),
    disabled_flows: n('total_flows') - n('enabled_flows'),
    backup_flows: n('backup_flows'),
    replication_flows: n('total_flows') - n('backup_flows'),
    running_executions: n('running_executions'),
    total_executions_today: n('total_executions_today'),
    successful_executions_today: n('successful_executions_today'),
    failed_executions_today: n('failed_executions_today'),
    skipped_runs_today: n('skipped_runs_today'),
  };
}

const JOB_STATUSES = ['queued', 'starting', 'running', 'completed', 'failed', 'skipped', 'cancelled'];

async function executionDetail(db: Pool, id: string): Promise<unknown> {
  const [rows, jobs, counts] = await Promise.all([
    select(db, 'SELECT e.*, f.name AS flow_name FROM protection_flow_executions e LEFT JOIN protection_flows f ON f.id = e.flow_id WHERE e.id = ?', [id]),
    select(db, 'SELECT * FROM protection_flow_execution_jobs WHERE execution_id = ? ORDER BY dispatch_order, id LIMIT 50', [id]),
    select(db, 'SELECT status, COUNT(*) AS n FROM protection_flow_execution_jobs WHERE execution_id = ? GROUP BY status', [id]),
  ]);
  if (!rows[0]) return undefined;
  const { owner_id: _owner, lease_expires_at: _lease, ...execution } = rows[0];
  const byStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, Number(counts.find((c) => c.status === s)?.n ?? 0)]));
  return {
    ...execution,
    execution_metadata: json(execution.execution_metadata),
    created_job_ids: json(execution.created_job_ids) ?? [],
    jobs: jobs.map(({ repository_id: _r, dispatch_order: _d, previous_backup_ids: _p, ...job }) => job),
    jobs_total: counts.reduce((sum, c) => sum + Number(c.n), 0),
    job_counts: byStatus,
  };
}

async function answer(db: Pool, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://bare');
  const path = url.pathname;
  if (path === '/api/v1/protection-flows') return flowsPage(db, url);
  if (path === '/api/v1/protection-flows/summary') return summary(db);
  if (path.startsWith('/api/v1/protection-flows/')) return oneFlow(db, path.slice('/api/v1/protection-flows/'.length));
  if (path.startsWith('/api/v1/flow-executions/')) return executionDetail(db, path.slice('/api/v1/flow-executions/'.length));
  return undefined;
}

function main(): void {
  const db = createPool({ uri: process.env.DATABASE_URL, timezone: 'Z', connectionLimit: 20 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    answer(db, req).then(
      (body) => {
        res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body ?? { error: 'not found' }));
      },
      (err: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: String(err) }));
      },
    );
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
}

main();
