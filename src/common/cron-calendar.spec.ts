import { CronCalendar } from './cron-calendar';

/** The runs of `expression` in `zone` from `from` (exclusive) up to `to` (exclusive), as ISO strings. */
function runs(expression: string, zone: string, from: string, to: string): string[] {
  const calendar = new CronCalendar(expression, zone);
  return calendar
    .nextRuns(200, Date.parse(from))
    .filter((at) => at < Date.parse(to))
    .map((at) =>
      new Date(at)
        .toISOString()
        .replace(/:00\.000Z$/, 'Z')
        .replace('.000Z', 'Z'),
    );
}

describe('CronCalendar on the 2027 clock changes', () => {
  describe('Europe/Berlin (forward 28 March 02:00 CET → 03:00 CEST, back 31 October 03:00 CEST → 02:00 CET)', () => {
    it('runs a nightly 03:00 once a night: at the jump in spring, at 03:00 CET (not also at the change) in autumn', () => {
      expect(runs('0 3 * * *', 'Europe/Berlin', '2027-03-26T12:00Z', '2027-03-30T00:00Z')).toEqual([
        '2027-03-27T02:00Z',
        '2027-03-28T01:00Z',
        '2027-03-29T01:00Z',
      ]);
      expect(runs('0 3 * * *', 'Europe/Berlin', '2027-10-29T12:00Z', '2027-11-02T00:00Z')).toEqual([
        '2027-10-30T01:00Z',
        '2027-10-31T02:00Z',
        '2027-11-01T02:00Z',
      ]);
    });

    it('runs a 02:30 schedule right after the jump when 02:30 never comes, and at the first 02:30 when it comes twice', () => {
      expect(runs('30 2 * * *', 'Europe/Berlin', '2027-03-26T12:00Z', '2027-03-30T00:00Z')).toEqual([
        '2027-03-27T01:30Z',
        '2027-03-28T01:00Z',
        '2027-03-29T00:30Z',
      ]);
      expect(runs('30 2 * * *', 'Europe/Berlin', '2027-10-29T12:00Z', '2027-11-02T00:00Z')).toEqual([
        '2027-10-30T00:30Z',
        '2027-10-31T00:30Z',
        '2027-11-01T01:30Z',
      ]);
    });

    it('runs several times skipped by the jump once, at the jump', () => {
      expect(runs('0,15,45 2 * * *', 'Europe/Berlin', '2027-03-27T23:00Z', '2027-03-28T06:00Z')).toEqual(['2027-03-28T01:00Z']);
    });

    it('runs an hourly schedule once per real hour across both changes', () => {
      expect(runs('0 * * * *', 'Europe/Berlin', '2027-03-27T23:30Z', '2027-03-28T03:30Z')).toEqual([
        '2027-03-28T00:00Z',
        '2027-03-28T01:00Z',
        '2027-03-28T02:00Z',
        '2027-03-28T03:00Z',
      ]);
      expect(runs('0 * * * *', 'Europe/Berlin', '2027-10-30T22:30Z', '2027-10-31T03:30Z')).toEqual([
        '2027-10-30T23:00Z',
        '2027-10-31T00:00Z',
        '2027-10-31T01:00Z',
        '2027-10-31T02:00Z',
        '2027-10-31T03:00Z',
      ]);
      // A step in the hour field is a wildcard schedule too: 02:00 comes twice, so it runs twice.
      expect(runs('0 */2 * * *', 'Europe/Berlin', '2027-10-30T22:30Z', '2027-10-31T03:30Z')).toEqual([
        '2027-10-31T00:00Z',
        '2027-10-31T01:00Z',
        '2027-10-31T03:00Z',
      ]);
    });

    it('asked from inside the repeated hour, still answers the next real run', () => {
      // 01:10Z is 02:10 CET, the second pass of 02:xx: the 02:30 schedule already ran (at 00:30Z).
      expect(runs('30 2 * * *', 'Europe/Berlin', '2027-10-31T01:10Z', '2027-11-01T12:00Z')).toEqual(['2027-11-01T01:30Z']);
      // Every 30 minutes: 02:30 CEST has passed (00:30Z); 02:30 CET (01:30Z) comes next, then 03:00 CET.
      expect(runs('*/30 * * * *', 'Europe/Berlin', '2027-10-31T00:40Z', '2027-10-31T02:10Z')).toEqual([
        '2027-10-31T01:00Z',
        '2027-10-31T01:30Z',
        '2027-10-31T02:00Z',
      ]);
    });
  });

  describe('America/New_York (forward 14 March 02:00 EST → 03:00 EDT, back 7 November 02:00 EDT → 01:00 EST)', () => {
    it('runs a nightly 02:00 once a night', () => {
      expect(runs('0 2 * * *', 'America/New_York', '2027-03-12T12:00Z', '2027-03-16T00:00Z')).toEqual([
        '2027-03-13T07:00Z',
        '2027-03-14T07:00Z',
        '2027-03-15T06:00Z',
      ]);
      expect(runs('0 2 * * *', 'America/New_York', '2027-11-05T12:00Z', '2027-11-09T00:00Z')).toEqual([
        '2027-11-06T06:00Z',
        '2027-11-07T07:00Z',
        '2027-11-08T07:00Z',
      ]);
    });

    it('runs 01:30, which comes twice in November, at the first', () => {
      expect(runs('30 1 * * *', 'America/New_York', '2027-11-06T12:00Z', '2027-11-08T12:00Z')).toEqual(['2027-11-07T05:30Z', '2027-11-08T06:30Z']);
    });

    it('runs every 30 minutes once per real half hour', () => {
      expect(runs('*/30 * * * *', 'America/New_York', '2027-11-07T04:50Z', '2027-11-07T07:10Z')).toEqual([
        '2027-11-07T05:00Z',
        '2027-11-07T05:30Z',
        '2027-11-07T06:00Z',
        '2027-11-07T06:30Z',
        '2027-11-07T07:00Z',
      ]);
      expect(runs('*/30 * * * *', 'America/New_York', '2027-03-14T06:10Z', '2027-03-14T08:10Z')).toEqual([
        '2027-03-14T06:30Z',
        '2027-03-14T07:00Z',
        '2027-03-14T07:30Z',
        '2027-03-14T08:00Z',
      ]);
    });
  });
});

describe('CronCalendar on ordinary days', () => {
  it('follows the zone: 09:00 London is 08:00Z in summer and 09:00Z in winter', () => {
    expect(runs('0 9 * * *', 'Europe/London', '2027-07-01T00:00Z', '2027-07-02T00:00Z')).toEqual(['2027-07-01T08:00Z']);
    expect(runs('0 9 * * *', 'Europe/London', '2027-12-01T00:00Z', '2027-12-02T00:00Z')).toEqual(['2027-12-01T09:00Z']);
  });

  it('runs 6-field, macro and weekday schedules, strictly after the given time', () => {
    expect(runs('*/20 * * * * *', 'UTC', '2027-01-01T00:00:00Z', '2027-01-01T00:01:00Z')).toEqual(['2027-01-01T00:00:20Z', '2027-01-01T00:00:40Z']);
    expect(runs('@weekly', 'UTC', '2027-01-01T00:00Z', '2027-01-15T00:00Z')).toEqual(['2027-01-03T00:00Z', '2027-01-10T00:00Z']);
    expect(runs('0 8 * * mon-fri', 'UTC', '2027-01-01T09:00Z', '2027-01-06T00:00Z')).toEqual(['2027-01-04T08:00Z', '2027-01-05T08:00Z']);
  });

  it('matches either day field when both are restricted, as cron(8) does', () => {
    // The 13th, or a Friday, in February 2027 (Fridays: 5, 12, 19, 26).
    expect(runs('0 0 13 2 5', 'UTC', '2027-02-01T00:00Z', '2027-03-01T00:00Z').map((d) => d.slice(8, 10))).toEqual(['05', '12', '13', '19', '26']);
  });

  it('lists leap days years apart, and nothing for dates that never come', () => {
    expect(new CronCalendar('0 0 29 2 *', 'Europe/Berlin').nextRuns(3, Date.parse('2027-01-01T00:00Z')).map((at) => new Date(at).toISOString())).toEqual([
      '2028-02-28T23:00:00.000Z',
      '2032-02-28T23:00:00.000Z',
      '2036-02-28T23:00:00.000Z',
    ]);
    expect(new CronCalendar('0 0 30 2 *', 'UTC').nextAfter(Date.parse('2027-01-01T00:00Z'))).toBeUndefined();
    expect(new CronCalendar('0 0 31 4,6 *', 'America/New_York').nextRuns(5, Date.now())).toEqual([]);
  });
});
