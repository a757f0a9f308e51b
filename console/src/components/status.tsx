/** Status shown by colour and word: the word is always there, so colour is never the only signal. */
const TONE: Record<string, string> = {
  success: 'success',
  completed: 'success',
  fired: 'success',
  caught_up: 'success',
  warning: 'warning',
  skipped_overlap: 'warning',
  missed: 'warning',
  error: 'error',
  failed: 'error',
  running: 'running',
  starting: 'running',
  pending: 'pending',
  queued: 'pending',
  cancelled: 'cancelled',
  skipped: 'cancelled',
  skipped_disabled: 'cancelled',
};

export function StatusBadge({ status, label, tone }: { status: string | null | undefined; label?: string; tone?: string }) {
  const value = status ?? 'none';
  const word = label ?? (status ? status.replace(/_/g, ' ') : 'never run');
  return (
    <span className={`badge badge-${tone ?? TONE[value] ?? 'pending'}`} data-status={value}>
      <span className="badge-dot" aria-hidden="true" />
      {word}
    </span>
  );
}

/** How a run ended, in words: a run where some VMs failed counts as failed for its flow, so it looks failed too. */
const RUN_WORDS: Record<string, string> = {
  success: 'succeeded',
  warning: 'partly failed',
  error: 'failed',
  running: 'running',
  pending: 'waiting to start',
  cancelled: 'cancelled',
};

/** A run's status (or a flow's last result); `cancelling` while a requested cancel has not ended the run yet. */
export function RunBadge({ status, cancelling }: { status: string | null | undefined; cancelling?: boolean }) {
  if (cancelling && (status === 'running' || status === 'pending')) return <StatusBadge status="cancelling" tone="cancelled" label="cancelling…" />;
  if (!status) return <StatusBadge status={null} />;
  return <StatusBadge status={status} tone={status === 'warning' ? 'error' : undefined} label={RUN_WORDS[status] ?? status} />;
}

/** Whether a run was asked to stop and has not ended yet. */
export function isCancelling(run: { status: string; execution_metadata?: { cancel_requested_at?: string } | null }): boolean {
  return !!run.execution_metadata?.cancel_requested_at && (run.status === 'running' || run.status === 'pending');
}

export function ProgressBar({ percent, label }: { percent: number | null | undefined; label: string }) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value)}>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-text">{Math.round(value)}%</span>
    </div>
  );
}
