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
