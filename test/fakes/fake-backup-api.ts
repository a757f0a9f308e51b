import {
  BackupApi,
  BackupApiError,
  BackupListFilter,
  BackupRecord,
  BackupStatus,
  IncrementalRefusedError,
  StartBackupRequest,
  StartOutcomeUnknownError,
} from '../../src/backup-client/backup-api.port';

/** An in-memory backup API for unit tests: backups change status only when a test says so. */
export class FakeBackupApi extends BackupApi {
  followsCancelledBackups = true;
  readonly backups = new Map<string, BackupRecord>();
  /** VM names whose next start creates the backup but gets no answer (a dropped reply). */
  readonly dropReply = new Set<string>();
  /** VM names with no full backup: an incremental start is refused. */
  readonly noFullFor = new Set<string>();
  readonly calls: Array<{ op: 'start' | 'get' | 'list' | 'probe' | 'findStarted'; arg?: unknown }> = [];
  /** VM names whose next start fails with this error. */
  readonly failStart = new Map<string, BackupApiError>();
  unreachable = false;
  private seq = 0;

  start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord> {
    this.calls.push({ op: 'start', arg: { ...request, idempotencyKey } });
    if (this.unreachable) return Promise.reject(new StartOutcomeUnknownError('no answer'));
    const failure = this.failStart.get(request.vm_name);
    if (failure) return Promise.reject(failure);
    if (request.backup_type === 'incremental' && this.noFullFor.has(request.vm_name)) {
      return Promise.reject(new IncrementalRefusedError('backup API refused an incremental backup: no previous backup found', 400));
    }
    const record: BackupRecord = {
      backup_id: `bk-${++this.seq}`,
      vm_name: request.vm_name,
      backup_type: request.backup_type,
      repository_id: request.repository.id,
      status: 'running',
      bytes_transferred: 0,
      total_bytes: 100,
      progress_percent: 0,
      current_phase: 'snapshot',
      transfer_speed_bps: null,
      error_message: null,
      started_at: new Date().toISOString(),
      completed_at: null,
      tags: request.tags,
    };
    this.backups.set(record.backup_id, record);
    if (this.dropReply.delete(request.vm_name)) return Promise.reject(new StartOutcomeUnknownError('the connection dropped'));
    return Promise.resolve({ ...record });
  }

  findStarted(request: StartBackupRequest): Promise<BackupRecord | null> {
    this.calls.push({ op: 'findStarted', arg: request.vm_name });
    if (this.unreachable) return Promise.reject(new BackupApiError('list', 'no answer', undefined, true));
    const found = [...this.backups.values()].find((b) => b.tags?.job_id === request.tags?.job_id);
    return Promise.resolve(found ? { ...found } : null);
  }

  listRunning(): Promise<BackupRecord[]> {
    return this.list({ status: 'running' });
  }

  repositoryProblem(): string | null {
    return null;
  }

  get(backupId: string): Promise<BackupRecord | null> {
    this.calls.push({ op: 'get', arg: backupId });
    if (this.unreachable) return Promise.reject(new BackupApiError('get', 'no answer', undefined, true));
    const record = this.backups.get(backupId);
    return Promise.resolve(record ? { ...record } : null);
  }

  list(filter: BackupListFilter): Promise<BackupRecord[]> {
    this.calls.push({ op: 'list', arg: filter });
    if (this.unreachable) return Promise.reject(new BackupApiError('list', 'no answer', undefined, true));
    const matches = [...this.backups.values()].filter(
      (b) => (!filter.status || b.status === filter.status) && (!filter.vm_name || b.vm_name === filter.vm_name),
    );
    return Promise.resolve(matches.map((b) => ({ ...b })));
  }

  probe(): Promise<void> {
    this.calls.push({ op: 'probe' });
    return this.unreachable ? Promise.reject(new BackupApiError('probe', 'no answer', undefined, true)) : Promise.resolve();
  }

  /** Moves a backup on, as the real API would between two polls. */
  set(backupId: string, status: BackupStatus, fields: Partial<BackupRecord> = {}): void {
    const record = this.backups.get(backupId);
    if (!record) throw new Error(`no backup ${backupId}`);
    Object.assign(record, fields, { status });
  }

  count(op: 'start' | 'get' | 'list' | 'probe' | 'findStarted'): number {
    return this.calls.filter((c) => c.op === op).length;
  }
}
