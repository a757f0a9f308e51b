import { BackupApi, BackupListFilter, BackupRecord, RepositoryRef, StartBackupRequest, StartOutcomeUnknownError } from './backup-api.port';
import { HttpTransport } from './http-transport';

/**
 * The engine's own backup API contract (docs/backup-api.md): idempotent starts by key, a list that
 * takes every filter, numeric repository ids.
 */
export class EngineBackupApi extends BackupApi {
  readonly followsCancelledBackups = true;

  constructor(private readonly http: HttpTransport) {
    super();
  }

  async start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord> {
    const { vm_context_id: _contextId, repository, ...rest } = request;
    const body = { ...rest, repository_id: repository.id };
    let answer;
    try {
      answer = await this.http.call('start', 'POST', '/api/v1/backups', body, { 'Idempotency-Key': idempotencyKey });
    } catch (err) {
      // No answer: the start may have happened; the same key finds (or makes) the one backup later.
      if (err instanceof Error && 'status' in err && err.status === undefined) throw new StartOutcomeUnknownError(err.message);
      throw err;
    }
    if (answer.status < 200 || answer.status > 202) throw this.http.failure('start', answer);
    return answer.body as BackupRecord;
  }

  /** Repeating the start with its key is safe here: the API returns the backup it created, or starts it now. */
  async findStarted(request: StartBackupRequest): Promise<BackupRecord | null> {
    const listed = await this.list({ vm_name: request.vm_name, repository: request.repository });
    const jobId = request.tags?.job_id;
    return listed.find((b) => jobId !== undefined && b.tags?.job_id === jobId) ?? null;
  }

  async get(backupId: string): Promise<BackupRecord | null> {
    const answer = await this.http.call('get', 'GET', `/api/v1/backups/${encodeURIComponent(backupId)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw this.http.failure('get', answer);
    return answer.body as BackupRecord;
  }

  async list(filter: BackupListFilter): Promise<BackupRecord[]> {
    const query = new URLSearchParams();
    if (filter.vm_name) query.set('vm_name', filter.vm_name);
    if (filter.repository) query.set('repository_id', String(filter.repository.id));
    if (filter.status) query.set('status', filter.status);
    if (filter.backup_type) query.set('backup_type', filter.backup_type);
    const answer = await this.http.call('list', 'GET', `/api/v1/backups?${query.toString()}`);
    if (answer.status !== 200) throw this.http.failure('list', answer);
    return (answer.body as { backups: BackupRecord[] }).backups;
  }

  listRunning(): Promise<BackupRecord[]> {
    return this.list({ status: 'running' });
  }

  /** One GET of a backup id nobody has: a 404 proves the API answers, cheaply. */
  probe(timeoutMs: number): Promise<void> {
    return this.http.probe('/api/v1/backups/engine-connection-probe', timeoutMs);
  }

  repositoryProblem(_repository: RepositoryRef & { name: string }): string | null {
    return null;
  }
}
