import { CronTime } from 'cron';

/**
 * A cron expression's fields as sets of allowed values, matched against local wall-clock times
 * written as UTC milliseconds ("naive" times: 02:30 local is Date.UTC(…, 2, 30)). The cron package
 * parses the text (names, ranges, steps, macros); the matching — and so the meaning of a day on which
 * clocks change — is the engine's own (docs/scheduling.md).
 */
export class CronFields {
  private readonly second: boolean[];
  private readonly minute: boolean[];
  private readonly hour: boolean[];
  private readonly dayOfMonth: boolean[];
  private readonly month: boolean[];
  private readonly dayOfWeek: boolean[];
  /** Restricted day fields: with both restricted, a day matches either (as in cron(8)). */
  private readonly domRestricted: boolean;
  private readonly dowRestricted: boolean;

  constructor(expression: string) {
    // The zone does not matter to parsing; toJSON lists each field's values, '*' for all of them.
    const [second, minute, hour, dayOfMonth, month, dayOfWeek] = new CronTime(expression, 'UTC').toJSON();
    this.second = valueSet(second, 60);
    this.minute = valueSet(minute, 60);
    this.hour = valueSet(hour, 24);
    this.dayOfMonth = valueSet(dayOfMonth, 32);
    this.month = valueSet(month, 13);
    this.dayOfWeek = valueSet(dayOfWeek, 7);
    this.domRestricted = dayOfMonth !== '*';
    this.dowRestricted = dayOfWeek !== '*';
  }

  /**
   * The first naive time in [from, to] (whole seconds) the fields match, or undefined. Walks the
   * calendar a field at a time: a month that does not match skips to the next month, and so on.
   */
  nextMatch(from: number, to: number): number | undefined {
    let t = Math.ceil(from / 1000) * 1000;
    while (t <= to) {
      const d = new Date(t);
      const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
      if (!this.month[month + 1]) t = Date.UTC(year, month + 1, 1);
      else if (!this.dayMatches(d)) t = Date.UTC(year, month, day + 1);
      else if (!this.hour[d.getUTCHours()]) t = Date.UTC(year, month, day, d.getUTCHours() + 1);
      else if (!this.minute[d.getUTCMinutes()]) t = Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes() + 1);
      else if (!this.second[d.getUTCSeconds()]) t += 1000;
      else return t;
    }
    return undefined;
  }

  private dayMatches(d: Date): boolean {
    const dom = this.dayOfMonth[d.getUTCDate()];
    const dow = this.dayOfWeek[d.getUTCDay()];
    if (this.domRestricted && this.dowRestricted) return dom || dow;
    return dom && dow;
  }
}

function valueSet(field: string, size: number): boolean[] {
  const set = new Array<boolean>(size).fill(field === '*');
  if (field !== '*') for (const value of field.split(',')) set[Number(value)] = true;
  return set;
}

/**
 * True when the hour field is written with a wildcard or a step (`*`, `*\/2`, `@hourly`): such a
 * schedule fires once per real interval across clock changes; any other is a fixed-time schedule.
 */
export function hasWildcardHour(expression: string): boolean {
  const text = expression.trim();
  if (text.startsWith('@')) return text === '@hourly' || text === '@minutely' || text === '@secondly';
  const fields = text.split(/\s+/);
  const hour = fields.length === 6 ? fields[2] : fields[1];
  return /[*/]/.test(hour ?? '*');
}
