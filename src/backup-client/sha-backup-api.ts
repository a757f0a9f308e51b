import {
  BackupApi,
  BackupApiError,
  BackupListFilter,
  BackupRecord,
  IncrementalRefusedError,
  RepositoryRef,
  StartBackupRequest,
  StartOutcomeUnknownError,
} from './backup-api.port';
import { Answer, errorOf, HttpTransport } from './http-transport';
import { createdAt, fromShaBackup, ShaBackup } from './sha-records';
import { describeError } from '../common/describe-error';

const START_ATTEMPTS = 4;
/** Starts are synchronous on SHA (it prepares every disk): give them time. */
const START_TIMEOUT_MS = 60_000;
/** A backup found by reconcile may be stamped a little before our clock says the start began. */
const CLOCK_SKEW_MS = 5_000;
const KNOWN_VM_TTL_MS = 5 * 60_000;

/**
 * The backup API of the system the engine extends (SHA, docs/sha-backup-api.md): VMs by name,
 * string repository ids, no idempotency (so starts are reconciled by listing the VM's backups),
 * no cancel, one list filter at a time, and a dropped connection for an unknown VM name.
 */
export class ShaBackupApi extends BackupApi {
  readonly followsCancelledBackups = false;
  /** Idempotency the API lacks, within this process: key → the backup that start made. */
  private readonly startedByKey = new Map<string, string>();
  private readonly knownVms = new Map<string, number>();

  constructor(private readonly http: HttpTransport) {
    super();
  }

  async start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord> {
    const earlier = await this.byKey(idempotencyKey);
    if (earlier) return earlier;
    if (!(await this.vmKnown(request.vm_name))) {
      throw new BackupApiError('start', `VM "${request.vm_name}" is not known to the backup system (it has no VM context of that name)`, 404, false);
    }
    const since = new Date(Date.now() - CLOCK_SKEW_MS);
    let lastError: BackupApiError | undefined;
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      if (attempt > 1) await this.http.backoff(attempt);
      let answer: Answer;
      try {
        answer = await this.http.send('POST', '/api/v1/backups', startBody(request), {}, START_TIMEOUT_MS);
      } catch {
        // No answer: the backup may exist (SHA starts synchronously and can drop a slow reply).
        const found = await this.reconcile(request, since);
        if (found) return this.remember(idempotencyKey, found);
        continue;
      }
      if (answer.status >= 200 && answer.status <= 202) return this.remember(idempotencyKey, fromShaBackup(answer.body as ShaBackup));
      if (refusesIncremental(request, answer)) throw new IncrementalRefusedError(`backup API refused an incremental backup: ${errorOf(answer)}`, answer.status);
      lastError = this.http.failure('start', answer);
      if (!lastError.retryable) throw lastError;
      // Two starts of one VM in the same second collide on SHA's key: the other may be ours.
      const found = await this.reconcile(request, since);
      if (found) return this.remember(idempotencyKey, found);
    }
    throw lastError ?? new StartOutcomeUnknownError(`backup API did not answer ${START_ATTEMPTS} starts of ${request.vm_name}`);
  }

  async findStarted(request: StartBackupRequest, idempotencyKey: string, since: Date): Promise<BackupRecord | null> {
    const earlier = await this.byKey(idempotencyKey);
    if (earlier) return earlier;
    if (!(await this.vmKnown(request.vm_name))) return null;
    const found = await this.reconcile(request, new Date(since.getTime() - CLOCK_SKEW_MS));
    return found ? this.remember(idempotencyKey, found) : null;
  }

  async get(backupId: string): Promise<BackupRecord | null> {
    const answer = await this.http.call('get', 'GET', `/api/v1/backups/${encodeURIComponent(backupId)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw this.http.failure('get', answer);
    return fromShaBackup(answer.body as ShaBackup);
  }

  /** SHA applies one filter (VM, else repository, else status) and post-filters type and status; the rest is filtered here. */
  async list(filter: BackupListFilter): Promise<BackupRecord[]> {
    const raw = await this.listRaw(filter);
    return raw.map(fromShaBackup);
  }

  listRunning(): Promise<BackupRecord[]> {
    return this.list({ status: 'running' });
  }

  probe(timeoutMs: number): Promise<void> {
    return this.http.probe('/api/v1/backups/engine-connection-probe', timeoutMs);
  }

  repositoryProblem(repository: RepositoryRef & { name: string }): string | null {
    if (repository.external_id) return null;
    return `Repository "${repository.name}" has no external_id: the backup system (BACKUP_API_KIND=sha) needs its own id for it, e.g. repo-local-1728…`;
  }

  private async listRaw(filter: BackupListFilter): Promise<ShaBackup[]> {
    const query = new URLSearchParams();
    if (filter.vm_name) {
      // An unknown VM name makes SHA drop the connection: ask only about VMs it has.
      if (!(await this.vmKnown(filter.vm_name))) return [];
      query.set('vm_name', filter.vm_name);
    } else if (filter.repository?.external_id) query.set('repository_id', filter.repository.external_id);
    if (filter.status) query.set('status', filter.status === 'running' ? 'running' : filter.status);
    if (filter.backup_type) query.set('backup_type', filter.backup_type);
    if ([...query.keys()].length === 0) return [];
    const answer = await this.http.call('list', 'GET', `/api/v1/backups?${query.toString()}`);
    if (answer.status !== 200) throw this.http.failure('list', answer);
    const backups = (answer.body as { backups?: ShaBackup[] | null }).backups ?? [];
    const repository = filter.repository?.external_id;
    return backups.filter((b) => !repository || b.repository_id === repository);
  }

  /** The backup of this VM in this repository created since `since`, newest first; throws StartOutcomeUnknownError when the API cannot be asked. */
  private async reconcile(request: StartBackupRequest, since: Date): Promise<BackupRecord | null> {
    let backups: ShaBackup[];
    try {
      backups = await this.listRaw({ vm_name: request.vm_name, repository: request.repository });
    } catch (err) {
      throw new StartOutcomeUnknownError(`backup of ${request.vm_name} may have started, and the backup API cannot be asked: ${describeError(err)}`);
    }
    const mine = backups.filter((b) => createdAt(b) >= since.getTime() && b.status !== 'cancelled').sort((a, b) => createdAt(b) - createdAt(a));
    return mine[0] ? fromShaBackup(mine[0]) : null;
  }

  private async vmKnown(vmName: string): Promise<boolean> {
    if ((this.knownVms.get(vmName) ?? 0) > Date.now()) return true;
    let answer: Answer;
    try {
      answer = await this.http.send('GET', `/api/v1/vm-contexts/${encodeURIComponent(vmName)}`);
    } catch (err) {
      throw new StartOutcomeUnknownError(`backup API did not answer (checking VM ${vmName}): ${describeError(err)}`);
    }
    if (answer.status === 404) return false;
    if (answer.status !== 200) throw this.http.failure('start', answer);
    this.knownVms.set(vmName, Date.now() + KNOWN_VM_TTL_MS);
    return true;
  }

  private async byKey(idempotencyKey: string): Promise<BackupRecord | null> {
    const backupId = this.startedByKey.get(idempotencyKey);
    return backupId ? this.get(backupId) : null;
  }

  private remember(idempotencyKey: string, record: BackupRecord): BackupRecord {
    this.startedByKey.set(idempotencyKey, record.backup_id);
    return record;
  }
}

function startBody(request: StartBackupRequest): Record<string, unknown> {
  const tags = request.tags ? Object.fromEntries(Object.entries(request.tags).map(([k, v]) => [k, String(v)])) : undefined;
  return { vm_name: request.vm_name, backup_type: request.backup_type, repository_id: request.repository.external_id, ...(tags ? { tags } : {}) };
}

/** SHA refuses an incremental with 400 "no previous backup found", or a 500 when the repository's chain is empty. */
function refusesIncremental(request: StartBackupRequest, answer: Answer): boolean {
  if (request.backup_type !== 'incremental') return false;
  const error = errorOf(answer);
  return (answer.status === 400 && /no previous backup/i.test(error)) || (answer.status === 500 && /failed to prepare backup disk/i.test(error));
}
