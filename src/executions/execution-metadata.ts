/**
 * What an execution remembers about itself in `execution_metadata` (JSON): the plan fixed when
 * its VMs were resolved, so that any replica resuming it dispatches the same way.
 */
export interface ExecutionMetadata {
  /** The job rows exist (one per VM); a resumed run dispatches from them. */
  jobs_resolved: boolean;
  /** Retries allowed per failed VM (scheduled runs only) and the delay before each. */
  retry_attempts: number;
  retry_delay_minutes: number;
  /** Runs that share this key share `max_concurrent` (a group's VMs across all its runs). */
  limit_key?: string;
  max_concurrent?: number;
  repository_id?: number | null;
  /** The backup system's id for the repository (BACKUP_API_KIND=sha), as it was when the run started. */
  repository_external_id?: string | null;
  policy_id?: number | null;
  /** Set by a cancel request, on whichever replica it arrived. */
  cancel_requested_at?: string;
  /** A retry: only these VMs of the target (the retried run's failed and cancelled ones). */
  only_vm_context_ids?: string[];
  /** Why the target gave no VMs (it was deleted), when that happened. */
  target_problem?: string;
}

export function initialMetadata(retry: { attempts: number; delayMinutes: number }): ExecutionMetadata {
  return { jobs_resolved: false, retry_attempts: retry.attempts, retry_delay_minutes: retry.delayMinutes };
}

/** Metadata written by an earlier version may miss fields; the defaults keep it readable. */
export function metadataOf(value: ExecutionMetadata | null | undefined): ExecutionMetadata {
  return { ...initialMetadata({ attempts: 0, delayMinutes: 0 }), ...(value ?? {}) };
}
