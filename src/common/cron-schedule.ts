import { CronTime } from 'cron';
import { CronCalendar } from './cron-calendar';
import { describeError } from './describe-error';

/** The macros a schedule may use, besides 5- and 6-field expressions. */
export const CRON_MACROS = ['@hourly', '@daily', '@weekly', '@monthly', '@yearly'] as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Days per month in a leap year: a (day, month) pair outside these never comes. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.trim() !== '';
  } catch {
    return false;
  }
}

/** Why the expression cannot be parsed, or undefined when it can. */
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
    return describeError(err);
  }
}

/**
 * Why a parsable expression never runs in the zone, or undefined when it has a run within the
 * next 8 years (leap days included): "30 February never comes".
 */
export function neverRunsProblem(expression: string, timezone: string, from: Date = new Date()): string | undefined {
  if (calendarOf(expression, timezone).nextAfter(from.getTime()) !== undefined) return undefined;
  const [, , , dayOfMonth, month, dayOfWeek] = new CronTime(expression.trim(), 'UTC').toJSON();
  if (dayOfMonth !== '*' && dayOfWeek === '*') {
    const days = dayOfMonth.split(',').map(Number);
    const months = month === '*' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : month.split(',').map(Number);
    const dates = months.flatMap((m) => days.map((d) => `${d} ${MONTHS[m - 1]}`));
    if (months.every((m) => days.every((d) => d > DAYS_IN_MONTH[m - 1]))) {
      return `never runs: ${dates.slice(0, 3).join(', ')}${dates.length > 3 ? ', …' : ''} never come${dates.length === 1 ? 's' : ''}; pick a day the month has`;
    }
  }
  return 'never runs: no time it names comes in the next 8 years';
}

/** Calendars by expression and zone: a preview asks for the same few schedules again and again. */
const calendars = new Map<string, CronCalendar>();
const MAX_CALENDARS = 10_000;

export function calendarOf(expression: string, timezone: string): CronCalendar {
  const key = `${expression.trim()}|${timezone}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= MAX_CALENDARS) calendars.clear();
    calendar = new CronCalendar(expression.trim(), timezone);
    calendars.set(key, calendar);
  }
  return calendar;
}

/**
 * The next `count` occurrences strictly after `from`, computed in the schedule's timezone with the
 * engine's meaning for days on which clocks change (CronCalendar). Fewer — none — for a schedule
 * that stops running; it never throws for a valid expression and zone.
 */
export function nextRuns(expression: string, timezone: string, count: number, from: Date = new Date()): Date[] {
  return calendarOf(expression, timezone)
    .nextRuns(count, from.getTime())
    .map((at) => new Date(at));
}
