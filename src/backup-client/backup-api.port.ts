/** The backup API (docs/backup-api.md), as the engine sees it, whichever system speaks it. */
export type BackupType = 'full' | 'incremental';
export type BackupStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A repository as the engine knows it: its own id, and the backup system's id for it (when it has one). */
export interface RepositoryRef {
  id: number;
  external_id: string | null;
}

export interface StartBackupRequest {
  vm_name: string;
  /** The engine's VM context id; an adapter sends it only where its API takes it. */
  vm_context_id?: string;
  backup_type: BackupType;
  repository: RepositoryRef;
  policy_id?: number;
  tags?: Record<string, string>;
}

export interface BackupRecord {
  backup_id: string;
  vm_name: string;
  backup_type: BackupType;
  /** The repository as the backup system names it (a number or a string id). */
  repository_id: number | string;
  status: BackupStatus;
  bytes_transferred: number;
  total_bytes: number | null;
  progress_percent: number | null;
  current_phase: string | null;
  transfer_speed_bps: number | null;
  error_message: string | null;
  started_at: string | null;
  completed_at: string | null;
  tags?: Record<string, string>;
}

export interface BackupListFilter {
  vm_name?: string;
  repository?: RepositoryRef;
  status?: BackupStatus;
  backup_type?: BackupType;
}

export type BackupOperation = 'start' | 'get' | 'list' | 'probe' | 'catalog';

/** A failed call to the backup API, saying which call and why. */
export class BackupApiError extends Error {
  constructor(
    readonly operation: BackupOperation,
    message: string,
    /** HTTP status, or undefined when no answer came (network error, timeout). */
    readonly status: number | undefined,
    /** Network errors, 429 and 5xx: worth another try. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'BackupApiError';
  }
}

/**
 * A start whose outcome is unknown: no answer came, and the API could not be asked afterwards
 * whether the backup exists. It must be reconciled (findStarted) once the API answers — never
 * taken as failed, or the VM could be backed up twice.
 */
export class StartOutcomeUnknownError extends BackupApiError {
  constructor(message: string) {
    super('start', message, undefined, true);
    this.name = 'StartOutcomeUnknownError';
  }
}

/** The API refused an incremental backup because the VM has no full backup to build on. */
export class IncrementalRefusedError extends BackupApiError {
  constructor(message: string, status: number) {
    super('start', message, status, false);
    this.name = 'IncrementalRefusedError';
  }
}

/**
 * The port in front of the backup API. One adapter per kind of backup system (BACKUP_API_KIND);
 * nothing outside backup-client/ knows which one runs — only what it can do.
 */
export abstract class BackupApi {
  /** Whether a started backup can still be followed once its execution is cancelled (false: the engine stops following it). */
  abstract readonly followsCancelledBackups: boolean;

  /** Starts a backup; a repeated start with the same key returns what the first one created. */
  abstract start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord>;
  /** The backup an earlier start with this key created (at or after `since`), if any; throws when the API cannot be asked. */
  abstract findStarted(request: StartBackupRequest, idempotencyKey: string, since: Date): Promise<BackupRecord | null>;
  abstract get(backupId: string): Promise<BackupRecord | null>;
  abstract list(filter: BackupListFilter): Promise<BackupRecord[]>;
  /** Every backup running now (one call): what the poller compares its jobs with. */
  abstract listRunning(): Promise<BackupRecord[]>;
  /** Resolves when the API answers within `timeoutMs`; throws BackupApiError otherwise. */
  abstract probe(timeoutMs: number): Promise<void>;
  /** Why backups cannot go to this repository through this API, or null when they can. */
  abstract repositoryProblem(repository: RepositoryRef & { name: string }): string | null;
}
