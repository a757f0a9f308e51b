/** The backup API (docs/backup-api.md), as the engine sees it. */
export type BackupType = 'full' | 'incremental';
export type BackupStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface StartBackupRequest {
  vm_name: string;
  /** The engine's VM context id; an adapter sends it only where its API takes it. */
  vm_context_id?: string;
  backup_type: BackupType;
  repository_id: number;
  policy_id?: number;
  tags?: Record<string, string>;
}

export interface BackupRecord {
  backup_id: string;
  vm_name: string;
  backup_type: BackupType;
  repository_id: number;
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
  repository_id?: number;
  status?: BackupStatus;
  backup_type?: BackupType;
}

export type BackupOperation = 'start' | 'get' | 'list' | 'probe';

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
 * The port in front of the backup API; HttpBackupApi is the adapter. An idempotency key makes a
 * repeated start (retry, or resume after a crash) return the backup the first call created.
 */
export abstract class BackupApi {
  abstract start(request: StartBackupRequest, idempotencyKey: string): Promise<BackupRecord>;
  abstract get(backupId: string): Promise<BackupRecord | null>;
  abstract list(filter: BackupListFilter): Promise<BackupRecord[]>;
  /** Resolves when the API answers within `timeoutMs` (any answer but 5xx or 401); throws BackupApiError otherwise. */
  abstract probe(timeoutMs: number): Promise<void>;
}
