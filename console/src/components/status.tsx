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

export function StatusBadge({ status, label }: { status: string | null | undefined; label?: string }) {
  const value = status ?? 'none';
  const word = label ?? (status ? status.replace(/_/g, ' ') : 'never run');
  return (
    <span className={`badge badge-${TONE[value] ?? 'pending'}`} data-status={value}>
      <span className="badge-dot" aria-hidden="true" />
      {word}
    </span>
  );
}

export function ProgressBar({ percent, label }: { percent: number | null | undefined; label: string }) {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value)}>
      <div className="progress-fill" style={{ width: `${value}%` }} />
      <span className="progress-text">{Math.round(value)}%</span>
    </div>
  );
}
