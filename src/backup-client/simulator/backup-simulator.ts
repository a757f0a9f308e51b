import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { BackupRecord, BackupStatus, BackupType } from '../backup-api.port';
import { ConcurrencyMeter, readJson, send, SimulatedRun, SimulatorServer, sleep } from './simulated-run';
import { DEFAULT_SIMULATOR_OPTIONS, SimulatorOptions, SimulatorStats } from './simulator-options';
import { describeError } from '../../common/describe-error';

export { DEFAULT_SIMULATOR_OPTIONS } from './simulator-options';
export type { SimulatorOptions, SimulatorStats } from './simulator-options';

/** A start request as this simulator's API takes it (docs/backup-api.md). */
interface StartBody {
  vm_name: string;
  backup_type: BackupType;
  repository_id: number;
  tags?: Record<string, string>;
}

interface SimulatedBackup {
  backup_id: string;
  vm_name: string;
  backup_type: BackupType;
  repository_id: number;
  tags: Record<string, string>;
  run: SimulatedRun;
  totalBytes: number;
  timers: NodeJS.Timeout[];
}

/** A real HTTP server speaking the backup API of docs/backup-api.md, for demos, tests and benchmarks. */
export class BackupSimulator {
  readonly options: SimulatorOptions;
  private readonly backups = new Map<string, SimulatedBackup>();
  private readonly byIdempotencyKey = new Map<string, string>();
  private readonly stats = { starts: {} as Record<string, number>, startCalls: {} as Record<string, number>, telemetryPushes: 0, telemetryFailures: 0 };
  private readonly concurrency = new ConcurrencyMeter();
  private readonly server = new SimulatorServer((req, res) => this.handle(req, res));

  constructor(options: Partial<SimulatorOptions> = {}) {
    this.options = {
      ...DEFAULT_SIMULATOR_OPTIONS,
      ...options,
      failStartVms: [...(options.failStartVms ?? [])],
      failMidJobVms: [...(options.failMidJobVms ?? [])],
      transientStartFailures: { ...(options.transientStartFailures ?? {}) },
      transientMidJobFailures: { ...(options.transientMidJobFailures ?? {}) },
    };
  }

  /** Base URL once listening. */
  get url(): string | undefined {
    return this.server.url;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return this.server.listen(port, host);
  }

  async close(): Promise<void> {
    for (const backup of this.backups.values()) backup.timers.forEach(clearTimeout);
    await this.server.close();
  }

  resetStats(): void {
    Object.assign(this.stats, { starts: {}, startCalls: {}, telemetryPushes: 0, telemetryFailures: 0 });
    this.concurrency.reset();
  }

  snapshot(): SimulatorStats {
    return structuredClone({ ...this.stats, maxConcurrent: this.concurrency.max, maxConcurrentPerVm: this.concurrency.maxPerVm });
  }

  /** Backups that are still running right now. */
  runningCount(now = Date.now()): number {
    return this.running(now).length;
  }

  private running(now: number): Array<{ vm: string }> {
    return [...this.backups.values()].filter((b) => b.run.status(now) === 'running').map((b) => ({ vm: b.vm_name }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) {
        return send(res, 401, { error: 'missing or invalid bearer token', details: [] });
      }
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (req.method === 'POST' && url.pathname === '/api/v1/backups') return await this.start(req, res);
      if (req.method === 'GET' && url.pathname === '/api/v1/backups') return this.list(url, res);
      const match = /^\/api\/v1\/backups\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && match) {
        const backup = this.backups.get(decodeURIComponent(match[1]));
        return backup ? send(res, 200, this.view(backup)) : send(res, 404, { error: `backup ${match[1]} not found`, details: [] });
      }
      if (req.method === 'GET' && url.pathname === '/_simulator/stats') return send(res, 200, this.snapshot());
      send(res, 404, { error: `no route ${req.method} ${url.pathname}`, details: [] });
    } catch (err) {
      send(res, 500, { error: describeError(err), details: [] });
    }
  }

  private async start(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req)) as Partial<StartBody> | null;
    if (!body || typeof body.vm_name !== 'string' || !['full', 'incremental'].includes(String(body.backup_type)) || typeof body.repository_id !== 'number') {
      return send(res, 400, { error: 'vm_name, backup_type (full|incremental) and repository_id are required', details: [] });
    }
    const vm = body.vm_name;
    this.stats.startCalls[vm] = (this.stats.startCalls[vm] ?? 0) + 1;
    await sleep(this.options.startLatencyMs);
    const key = header(req, 'idempotency-key');
    const existing = key ? this.byIdempotencyKey.get(key) : undefined;
    if (existing) return send(res, 200, this.view(this.backups.get(existing) as SimulatedBackup));
    if ((this.options.transientStartFailures[vm] ?? 0) > 0) {
      this.options.transientStartFailures[vm] -= 1;
      return send(res, 503, { error: 'backup service is busy, try again', details: [] });
    }
    if (this.options.failStartVms.includes(vm)) {
      return send(res, 422, { error: `VM ${vm} cannot be backed up: not found in vCenter`, details: [] });
    }
    const backup = this.create(body as StartBody);
    if (key) this.byIdempotencyKey.set(key, backup.backup_id);
    send(res, 202, this.view(backup));
  }

  private create(request: StartBody): SimulatedBackup {
    const now = Date.now();
    const transient = (this.options.transientMidJobFailures[request.vm_name] ?? 0) > 0;
    if (transient) this.options.transientMidJobFailures[request.vm_name] -= 1;
    const fails = transient || this.options.failMidJobVms.includes(request.vm_name) || Math.random() < this.options.failureRate;
    const backup: SimulatedBackup = {
      backup_id: `bk-${randomUUID()}`,
      vm_name: request.vm_name,
      backup_type: request.backup_type,
      repository_id: request.repository_id,
      tags: request.tags ?? {},
      run: new SimulatedRun(now, this.options.jobDurationMs, fails ? 0.5 : null),
      totalBytes: this.options.totalBytes,
      timers: [],
    };
    this.backups.set(backup.backup_id, backup);
    this.stats.starts[request.vm_name] = (this.stats.starts[request.vm_name] ?? 0) + 1;
    this.concurrency.record(this.running(now), request.vm_name);
    this.schedulePushes(backup);
    return backup;
  }

  private list(url: URL, res: ServerResponse): void {
    const now = Date.now();
    const q = url.searchParams;
    const backups = [...this.backups.values()]
      .filter((b) => !q.get('vm_name') || b.vm_name === q.get('vm_name'))
      .filter((b) => !q.get('repository_id') || String(b.repository_id) === q.get('repository_id'))
      .filter((b) => !q.get('backup_type') || b.backup_type === q.get('backup_type'))
      .filter((b) => !q.get('status') || b.run.status(now) === q.get('status'))
      .map((b) => this.view(b, now));
    send(res, 200, { backups, total: backups.length });
  }

  private view(backup: SimulatedBackup, now = Date.now()): BackupRecord {
    const status: BackupStatus = backup.run.status(now);
    const fraction = backup.run.fraction(now);
    const span = Math.max(1, backup.run.durationMs);
    const finished = status !== 'running';
    return {
      backup_id: backup.backup_id,
      vm_name: backup.vm_name,
      backup_type: backup.backup_type,
      repository_id: backup.repository_id,
      status,
      bytes_transferred: Math.round(backup.totalBytes * fraction),
      total_bytes: backup.totalBytes,
      progress_percent: Math.round(fraction * 1000) / 10,
      current_phase: finished ? (status === 'completed' ? 'completed' : 'failed') : fraction < 0.05 ? 'snapshot' : 'transferring',
      transfer_speed_bps: finished ? 0 : Math.round(backup.totalBytes / (span / 1000)),
      error_message: status === 'failed' ? backup.run.errorMessage() : null,
      started_at: new Date(backup.run.startedAt).toISOString(),
      completed_at: finished ? new Date(backup.run.endsAt).toISOString() : null,
      tags: backup.tags,
    };
  }

  /** Progress while running (at most every telemetryIntervalMs) and the final state at once. */
  private schedulePushes(backup: SimulatedBackup): void {
    if (!this.options.telemetryUrl) return;
    const end = backup.run.endsAt - backup.run.startedAt;
    for (let at = this.options.telemetryIntervalMs; at < end; at += this.options.telemetryIntervalMs) {
      backup.timers.push(setTimeout(() => void this.push(backup), at));
    }
    backup.timers.push(setTimeout(() => void this.push(backup), end + 1));
  }

  private async push(backup: SimulatedBackup): Promise<void> {
    const view = this.view(backup);
    const body = {
      job_id: view.backup_id,
      job_type: 'backup',
      status: view.status === 'completed' || view.status === 'failed' ? view.status : 'running',
      current_phase: view.current_phase,
      bytes_transferred: view.bytes_transferred,
      total_bytes: view.total_bytes,
      transfer_speed_bps: view.transfer_speed_bps,
      eta_seconds: Math.max(0, Math.round((backup.run.startedAt + backup.run.durationMs - Date.now()) / 1000)),
      progress_percent: view.progress_percent,
      disks: [],
      ...(view.error_message ? { error: { message: view.error_message } } : {}),
      timestamp: new Date().toISOString(),
    };
    try {
      const response = await fetch(`${this.options.telemetryUrl}/api/v1/telemetry/backup/${encodeURIComponent(view.backup_id)}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(this.options.telemetryToken ? { Authorization: `Bearer ${this.options.telemetryToken}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (response.ok) this.stats.telemetryPushes++;
      else this.stats.telemetryFailures++;
    } catch {
      this.stats.telemetryFailures++;
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
