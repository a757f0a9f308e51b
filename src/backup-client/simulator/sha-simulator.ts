import { IncomingMessage, ServerResponse } from 'node:http';
import { ShaCatalog, ShaCatalogRoutes } from './sha-catalog';
import { ConcurrencyMeter, readJson, send, SimulatedRun, SimulatorServer, sleep } from './simulated-run';

export interface ShaSimulatorOptions {
  startLatencyMs: number;
  jobDurationMs: number;
  totalBytes: number;
  /** VM names the appliance has; unset: every name except those in unknownVms. */
  knownVms?: string[];
  /** VM names it does not have: a start (or a list) with one of them drops the connection, as SHA's handler panics. */
  unknownVms: string[];
  /** VM names whose backup fails half-way. */
  failMidJobVms: string[];
  /** VM names whose next start creates the backup but drops the reply (a slow start past SHA's write timeout). */
  dropStartReplyVms: string[];
  /** Repository ids it has; unset: any. An unknown one answers 500, as SHA's foreign key does. */
  repositories?: string[];
  /** When set, /vm-contexts needs `Authorization: Bearer <token>` (backup routes stay open, as on SHA). */
  token?: string;
  /** The appliance's catalog (VMs, groups, repositories); its VMs are the ones it knows. Unset: none is served. */
  catalog?: ShaCatalog;
}

export const DEFAULT_SHA_OPTIONS: ShaSimulatorOptions = {
  startLatencyMs: 50,
  jobDurationMs: 5000,
  totalBytes: 10 * 1024 ** 3,
  unknownVms: [],
  failMidJobVms: [],
  dropStartReplyVms: [],
};

interface ShaBackupRow {
  backup_id: string;
  vm_name: string;
  backup_type: 'full' | 'incremental';
  repository_id: string;
  createdAt: number;
  run: SimulatedRun;
  totalBytes: number;
}

export interface ShaSimulatorStats {
  /** Backups created per VM name (SHA has no idempotency: every accepted POST creates one). */
  starts: Record<string, number>;
  /** Start calls per VM name and backup type, refused ones included (`vm:type`). */
  startCalls: Record<string, number>;
  maxConcurrent: number;
  maxConcurrentPerVm: Record<string, number>;
  /** Every request, as `METHOD /path?query`. */
  requests: string[];
}

/** SHA formats times as `2006-01-02T15:04:05Z`: seconds only, and the Z is literal. */
const shaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The SHA appliance's backup API as docs/sha-backup-api.md describes it, faults included: starts
 * are not idempotent and answer 200 `started`; an unknown VM name drops the connection; the list
 * applies one filter and has no pages; there is no cancel; progress fields are stale.
 */
export class ShaBackupSimulator {
  readonly options: ShaSimulatorOptions;
  /** While true every request's connection is dropped: the appliance is unreachable. */
  unreachable = false;
  private readonly backups = new Map<string, ShaBackupRow>();
  private readonly stats = { starts: {} as Record<string, number>, startCalls: {} as Record<string, number>, requests: [] as string[] };
  private readonly concurrency = new ConcurrencyMeter();
  private readonly server = new SimulatorServer((req, res) => this.handle(req, res));
  /** The catalog routes (`catalog.fault` makes them fail; `catalog.catalog` may be changed between syncs). */
  readonly catalog: ShaCatalogRoutes;

  constructor(options: Partial<ShaSimulatorOptions> = {}) {
    this.options = { ...DEFAULT_SHA_OPTIONS, ...options };
    this.catalog = new ShaCatalogRoutes(options.catalog ?? { vms: [], groups: [], repositories: [] }, this.options.token);
  }

  get url(): string | undefined {
    return this.server.url;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return this.server.listen(port, host);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  snapshot(): ShaSimulatorStats {
    return structuredClone({ ...this.stats, maxConcurrent: this.concurrency.max, maxConcurrentPerVm: this.concurrency.maxPerVm });
  }

  /** Forgets every backup (e.g. to make an incremental impossible). */
  clearBackups(): void {
    this.backups.clear();
  }

  private knows(vm: string): boolean {
    if (this.options.unknownVms.includes(vm)) return false;
    if (this.options.catalog) return !!this.catalog.vmNamed(vm);
    return !this.options.knownVms || this.options.knownVms.includes(vm);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests.push(`${req.method} ${req.url}`);
    if (this.unreachable) return void req.socket.destroy();
    const url = new URL(req.url ?? '/', 'http://sha');
    if (this.catalog.handle(req, res, url)) return;
    const backup = /^\/api\/v1\/backups\/([^/]+)$/.exec(url.pathname);
    const vmContext = /^\/api\/v1\/vm-contexts\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/api/v1/backups') return this.start(req, res);
    if (req.method === 'GET' && url.pathname === '/api/v1/backups') return this.list(url, req, res);
    if (req.method === 'GET' && backup) return this.get(decodeURIComponent(backup[1]), res);
    if (req.method === 'GET' && vmContext) return this.vmContext(decodeURIComponent(vmContext[1]), req, res);
    send(res, 404, { error: '404 page not found', details: '', timestamp: '' });
  }

  private async start(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req)) as { vm_name?: string; backup_type?: string; repository_id?: unknown } | null;
    if (!body?.vm_name || !['full', 'incremental'].includes(String(body.backup_type)) || typeof body.repository_id !== 'string' || !body.repository_id) {
      return send(res, 400, { error: 'invalid request body', details: 'vm_name, backup_type and repository_id (string) are required', timestamp: '' });
    }
    const vm = body.vm_name;
    const type = body.backup_type as 'full' | 'incremental';
    this.stats.startCalls[`${vm}:${type}`] = (this.stats.startCalls[`${vm}:${type}`] ?? 0) + 1;
    await sleep(this.options.startLatencyMs);
    if (!this.knows(vm)) return void req.socket.destroy(); // SHA dereferences a nil VM context and the handler panics
    if (this.options.repositories && !this.options.repositories.includes(body.repository_id)) {
      return send(res, 500, { error: 'failed to create backup context', details: 'repository not found', timestamp: '' });
    }
    if (type === 'incremental' && !this.hasCompletedFull(vm))
      return send(res, 400, { error: 'no previous backup found', details: `no change id for ${vm}`, timestamp: '' });
    const now = Date.now();
    const id = `backup-${vm}-${Math.floor(now / 1000)}`;
    if (this.backups.has(id)) return send(res, 500, { error: 'failed to create parent backup job', details: 'duplicate key', timestamp: '' });
    const row: ShaBackupRow = {
      backup_id: id,
      vm_name: vm,
      backup_type: type,
      repository_id: body.repository_id,
      createdAt: now,
      run: new SimulatedRun(now, this.options.jobDurationMs, this.options.failMidJobVms.includes(vm) ? 0.5 : null),
      totalBytes: this.options.totalBytes,
    };
    this.backups.set(id, row);
    this.stats.starts[vm] = (this.stats.starts[vm] ?? 0) + 1;
    this.concurrency.record(this.runningVms(now), vm);
    const dropped = this.options.dropStartReplyVms.indexOf(vm);
    if (dropped >= 0) {
      this.options.dropStartReplyVms.splice(dropped, 1);
      return void req.socket.destroy();
    }
    send(res, 200, {
      ...this.view(row, now),
      status: 'started',
      bytes_transferred: 0,
      total_bytes: 0,
      progress_percent: 0,
      current_phase: '',
      disk_results: [],
    });
  }

  /** One primary filter by precedence (vm_context_id > vm_name > repository_id > status); type and status post-filtered; newest first; no pages. */
  private list(url: URL, req: IncomingMessage, res: ServerResponse): void {
    const q = url.searchParams;
    const now = Date.now();
    let rows = [...this.backups.values()];
    if (q.get('vm_context_id')) rows = rows.filter((r) => `ctx-${r.vm_name}` === q.get('vm_context_id'));
    else if (q.get('vm_name')) {
      if (!this.knows(q.get('vm_name') as string)) return void req.socket.destroy();
      rows = rows.filter((r) => r.vm_name === q.get('vm_name'));
    } else if (q.get('repository_id')) rows = rows.filter((r) => r.repository_id === q.get('repository_id'));
    else if (q.get('status')) rows = rows.filter((r) => r.run.status(now) === q.get('status'));
    else rows = [];
    if (q.get('backup_type')) rows = rows.filter((r) => r.backup_type === q.get('backup_type'));
    if (q.get('status')) rows = rows.filter((r) => r.run.status(now) === q.get('status'));
    const backups = rows.sort((a, b) => b.createdAt - a.createdAt).map((r) => this.view(r, now));
    send(res, 200, { backups, total: backups.length });
  }

  private get(id: string, res: ServerResponse): void {
    const row = this.backups.get(id);
    if (!row) return send(res, 404, { error: 'backup not found', details: id, timestamp: '' });
    send(res, 200, this.view(row, Date.now()));
  }

  private vmContext(name: string, req: IncomingMessage, res: ServerResponse): void {
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) {
      return send(res, 401, { error: 'Authorization required', details: '', timestamp: shaTime(Date.now()) });
    }
    if (!this.knows(name)) return send(res, 404, { error: 'VM context not found', timestamp: shaTime(Date.now()) });
    const contextId = this.catalog.vmNamed(name)?.context_id ?? `ctx-${name}`;
    send(res, 200, { context: { context_id: contextId, vm_name: name, current_status: 'discovered' }, job_history: [], disks: [], cbt_history: [] });
  }

  private hasCompletedFull(vm: string): boolean {
    const now = Date.now();
    return [...this.backups.values()].some((r) => r.vm_name === vm && r.run.status(now) === 'completed');
  }

  private runningVms(now: number): Array<{ vm: string }> {
    return [...this.backups.values()].filter((r) => r.run.status(now) === 'running').map((r) => ({ vm: r.vm_name }));
  }

  /** total_bytes stays 0 until the first half (no telemetry yet); progress_percent lags and never reaches 100. */
  private view(row: ShaBackupRow, now: number): Record<string, unknown> {
    const status = row.run.status(now);
    const fraction = row.run.fraction(now);
    return {
      backup_id: row.backup_id,
      vm_context_id: `ctx-${row.vm_name}`,
      vm_name: row.vm_name,
      backup_type: row.backup_type,
      type: row.backup_type,
      repository_id: row.repository_id,
      status,
      bytes_transferred: Math.round(row.totalBytes * fraction),
      total_bytes: fraction >= 0.5 || status !== 'running' ? row.totalBytes : 0,
      progress_percent: Math.floor(Math.min(fraction, 0.9) * 4) * 25 * 0.9,
      current_phase: status === 'running' ? 'transferring' : 'finalizing',
      transfer_speed_bps: 0,
      disks_count: 1,
      ...(status === 'failed' ? { error_message: row.run.errorMessage() } : {}),
      created_at: shaTime(row.createdAt),
      started_at: shaTime(row.createdAt),
      ...(status !== 'running' ? { completed_at: shaTime(row.run.endsAt) } : {}),
      disk_results: null,
      nbd_targets_string: '',
    };
  }
}
