import { BackupRecord, BackupStatus, BackupType } from './backup-api.port';

/** A backup as the SHA backup API returns it (start reply, GET, list). */
export interface ShaBackup {
  backup_id: string;
  vm_context_id?: string;
  vm_name: string;
  backup_type?: string;
  type?: string;
  repository_id: string;
  status: string;
  bytes_transferred?: number;
  total_bytes?: number;
  progress_percent?: number;
  current_phase?: string;
  transfer_speed_bps?: number;
  error_message?: string;
  created_at?: string;
  started_at?: string;
  completed_at?: string;
  tags?: Record<string, string>;
}

const STATUSES: readonly BackupStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

/**
 * SHA's backup in the engine's terms: its start reply says `started` (running); `total_bytes` and
 * `progress_percent` may be 0 or stale, so progress comes from the bytes when it can, and is 100
 * once completed; its times end in a literal `Z`, read as UTC.
 */
export function fromShaBackup(raw: ShaBackup): BackupRecord {
  const status: BackupStatus = raw.status === 'started' ? 'running' : STATUSES.includes(raw.status as BackupStatus) ? (raw.status as BackupStatus) : 'running';
  const bytes = raw.bytes_transferred ?? 0;
  const total = raw.total_bytes && raw.total_bytes > 0 ? raw.total_bytes : null;
  return {
    backup_id: raw.backup_id,
    vm_name: raw.vm_name,
    backup_type: (raw.backup_type ?? raw.type) === 'incremental' ? 'incremental' : ('full' satisfies BackupType),
    repository_id: raw.repository_id,
    status,
    bytes_transferred: bytes,
    total_bytes: total,
    progress_percent: progressOf(status, bytes, total, raw.progress_percent),
    current_phase: raw.current_phase || null,
    transfer_speed_bps: raw.transfer_speed_bps ?? null,
    error_message: raw.error_message || null,
    started_at: raw.started_at || raw.created_at || null,
    completed_at: raw.completed_at || null,
    tags: raw.tags,
  };
}

function progressOf(status: BackupStatus, bytes: number, total: number | null, reported: number | undefined): number | null {
  if (status === 'completed') return 100;
  if (total) return Math.min(100, Math.round((bytes / total) * 1000) / 10);
  return reported && reported > 0 ? reported : null;
}

/** When the SHA record was created (the start), for matching a start with the backup it made. */
export function createdAt(raw: ShaBackup): number {
  const at = Date.parse(raw.created_at ?? raw.started_at ?? '');
  return Number.isNaN(at) ? 0 : at;
}
