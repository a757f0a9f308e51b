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

const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** The time in the browser's zone. */
export function formatLocal(value: string | null | undefined): string {
  return value ? local.format(new Date(value)) : '—';
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

export function secondsBetween(start: string | null | undefined, end: string | null | undefined): number | null {
  if (!start) return null;
  return Math.max(0, Math.round(((end ? new Date(end) : new Date()).getTime() - new Date(start).getTime()) / 1000));
}
