import { cronExpressionProblem, isValidTimezone, neverRunsProblem, nextRuns } from './cron-schedule';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('cron expressions', () => {
  it('accepts 5 fields, 6 fields and the five macros', () => {
    for (const ok of ['0 2 * * *', '*/2 * * * * *', '@hourly', '@daily', '@weekly', '@monthly', '@yearly', ' 0 2 * * 1-5 ']) {
      expect(cronExpressionProblem(ok)).toBeUndefined();
    }
  });

  it('explains what is wrong with a bad expression', () => {
    expect(cronExpressionProblem('* * *')).toContain('3 fields');
    expect(cronExpressionProblem('* * * * * * *')).toContain('7 fields');
    expect(cronExpressionProblem('61 * * * *')).toMatch(/out of range/i);
    expect(cronExpressionProblem('@secondly')).toContain('unknown macro');
  });

  it('validates IANA time zones', () => {
    expect(isValidTimezone('Europe/London')).toBe(true);
    expect(isValidTimezone('UTC')).toBe(true);
    expect(isValidTimezone('Mars/Olympus')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});

describe('nextRuns across DST', () => {
  it('keeps a 09:00 Europe/London run at 09:00 local when the clocks go forward', () => {
    const runs = nextRuns('0 9 * * *', 'Europe/London', 3, new Date('2026-03-27T12:00:00Z'));
    expect(iso(runs)).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('runs a time that does not exist on the spring-forward day once, at the shifted time', () => {
    const runs = nextRuns('30 1 * * *', 'Europe/London', 3, new Date('2026-03-28T12:00:00Z'));
    expect(iso(runs)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
  });

  it('runs a time that happens twice on the fall-back day only once', () => {
    const runs = nextRuns('30 1 * * *', 'Europe/London', 3, new Date('2026-10-24T12:00:00Z'));
    expect(iso(runs)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
  });

  it('follows America/New_York, which changes on other dates', () => {
    const runs = nextRuns('0 9 * * *', 'America/New_York', 2, new Date('2026-03-07T20:00:00Z'));
    expect(iso(runs)).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    const before = nextRuns('0 9 * * *', 'America/New_York', 1, new Date('2026-03-06T20:00:00Z'));
    expect(iso(before)).toEqual(['2026-03-07T14:00:00.000Z']);
  });

  it('counts strictly after the given instant', () => {
    const runs = nextRuns('0 * * * *', 'UTC', 2, new Date('2026-01-01T10:00:00Z'));
    expect(iso(runs)).toEqual(['2026-01-01T11:00:00.000Z', '2026-01-01T12:00:00.000Z']);
  });
});

describe('schedules that never run', () => {
  it('names dates that never come', () => {
    expect(neverRunsProblem('0 0 30 2 *', 'UTC')).toBe('never runs: 30 February never comes; pick a day the month has');
    expect(neverRunsProblem('0 0 31 4,6 *', 'Europe/Berlin')).toBe('never runs: 31 April, 31 June never come; pick a day the month has');
  });

  it('accepts leap days and day-or-weekday schedules, which run', () => {
    expect(neverRunsProblem('0 0 29 2 *', 'Europe/Berlin')).toBeUndefined();
    expect(neverRunsProblem('0 0 30 2 1', 'UTC')).toBeUndefined(); // Mondays (day 30 of February never comes)
    expect(neverRunsProblem('@yearly', 'America/New_York')).toBeUndefined();
  });

  it('lists what runs there are for a leap-day schedule, years apart, and none for one that never runs', () => {
    expect(iso(nextRuns('0 0 29 2 *', 'UTC', 3, new Date('2026-12-06T00:00:00Z')))).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
      '2036-02-29T00:00:00.000Z',
    ]);
    expect(nextRuns('0 0 30 2 *', 'UTC', 3)).toEqual([]);
  });
});
