import { CronTime } from 'cron';

/** The macros a schedule may use, besides 5- and 6-field expressions. */
export const CRON_MACROS = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly'] as const;

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.trim() !== '';
  } catch {
    return false;
  }
}

/** Why the expression cannot be used, or undefined when it can. */
export function cronExpressionProblem(expression: string): string | undefined {
  const text = expression.trim();
  if (text.startsWith('@')) {
    return (CRON_MACROS as readonly string[]).includes(text) ? undefined : `unknown macro ${text}; use one of ${CRON_MACROS.join(', ')}`;
  }
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    return `has ${fields.length} fields; use 5 (minute hour day month weekday) or 6 (with seconds first)`;
  }
  try {
    new CronTime(text, 'UTC');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The next `count` occurrences strictly after `from`, computed in the schedule's timezone
 * (so a daily 09:00 Europe/London run moves between 09:00Z and 08:00Z across DST).
 */
export function nextRuns(expression: string, timezone: string, count: number, from: Date = new Date()): Date[] {
  const time = new CronTime(expression.trim(), timezone);
  const runs: Date[] = [];
  let cursor = from;
  for (let i = 0; i < count; i++) {
    const next = time.getNextDateFrom(cursor, timezone).toJSDate();
    runs.push(next);
    cursor = next;
  }
  return runs;
}
