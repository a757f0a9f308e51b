import { formatBytes, formatInZone, formatLocal, formatLocalShort, formatRelative, formatUtc, viewerZone } from '../format';

/** A time in the viewer's zone (named) with how long ago or ahead it is; UTC on hover. `short` for tables. */
export function Time({ value, relative = true, short = false }: { value: string | null | undefined; relative?: boolean; short?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={`${formatLocal(value)} · ${formatUtc(value)}`} className="time">
      {short ? formatLocalShort(value) : formatLocal(value)}
      {relative && <span className="relative">{` · ${formatRelative(value)}`}</span>}
    </time>
  );
}

/** A schedule's time in its own zone, with the viewer's local time beside it when the zones differ. */
export function ZonedTime({ value, zone }: { value: string | null | undefined; zone: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  const own = zone ?? 'UTC';
  const local = viewerZone();
  return (
    <time dateTime={value} title={formatUtc(value)} className="time">
      <span className="zoned">{`${formatInZone(value, own)} (${own})`}</span>
      {own !== local && <span className="muted small">{` · ${formatInZone(value, local)} your time`}</span>}
      <span className="relative">{` · ${formatRelative(value)}`}</span>
    </time>
  );
}

export function Bytes({ value }: { value: number | null | undefined }) {
  return <span title={value === null || value === undefined ? undefined : `${value.toLocaleString()} bytes`}>{formatBytes(value)}</span>;
}

/** "Next runs: …" under a schedule: the times it will fire, in its zone. */
export function NextRuns({ runs, zone }: { runs: string[]; zone?: string | null }) {
  return (
    <span>
      Next runs:{' '}
      {runs.map((run, i) => (
        <span key={run}>
          {i > 0 && '; '}
          <ZonedTime value={run} zone={zone} />
        </span>
      ))}
    </span>
  );
}

/** Text cut to its cell's width with an ellipsis; the whole text on hover (names never break mid-word). */
export function Truncated({ text, className }: { text: string; className?: string }) {
  return (
    <span className={`truncate${className ? ` ${className}` : ''}`} title={text}>
      {text}
    </span>
  );
}
