const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1073741824 → "1.0 GB" (binary units, as backup sizes are usually read). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/** 75 → "1 min 15 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Bytes per second → "85.3 MB/s". */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  return bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) ? '—' : `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** The viewer's zone (the browser's), e.g. Europe/Berlin. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone ?? ''}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    formatters.set(key, found);
  }
  return found;
}

/** The time in the viewer's zone, its zone named: "6 Dec 2026, 14:05:10 CET". */
export function formatLocal(value: string | null | undefined): string {
  return value ? formatter(undefined, { dateStyle: 'medium', timeStyle: 'long' }).format(new Date(value)) : '—';
}

/** The same, shorter for tables: "6 Dec, 14:05 CET". */
export function formatLocalShort(value: string): string {
  return formatter(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(value));
}

/** The time in a given zone, named: "Mon 7 Dec, 02:00 CET" (without the weekday when `short`). */
export function formatInZone(value: string, zone: string, short = false): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  return formatter(zone, short ? options : { ...options, weekday: 'short' }).format(new Date(value));
}

/** The same instant in UTC, for the hover title. */
export function formatUtc(value: string | null | undefined): string {
  return value
    ? `${new Date(value)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '')} UTC`
    : '';
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "in 5 hr", "3 min ago", "yesterday": how far an instant is from now. */
export function formatRelative(value: string | null | undefined, now = Date.now()): string {
  if (!value) return '';
  let amount = (new Date(value).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
    amount /= size;
  }
  return '';
}

export function secondsBetween(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start) return null;
  return Math.max(0, Math.round(((end ? new Date(end) : new Date()).getTime() - new Date(start).getTime()) / 1000));
}

/** "1 repository", "0 repositories": a count with its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
