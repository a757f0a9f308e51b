import { formatBytes, formatLocal, formatUtc } from '../format';

/** A time in the browser's zone; the UTC value on hover. */
export function Time({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatUtc(value)}>
      {formatLocal(value)}
    </time>
  );
}

export function Bytes({ value }: { value: number | null | undefined }) {
  return <span title={value === null || value === undefined ? undefined : `${value.toLocaleString()} bytes`}>{formatBytes(value)}</span>;
}

/** "Next runs: …" under a schedule: the times it will fire. */
export function NextRuns({ runs }: { runs: string[] }) {
  return (
    <span>
      Next runs:{' '}
      {runs.map((run, i) => (
        <span key={run}>
          {i > 0 && ', '}
          <Time value={run} />
        </span>
      ))}
    </span>
  );
}
