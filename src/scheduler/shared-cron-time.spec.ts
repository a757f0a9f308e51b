import { CronTime } from 'cron';
import { SharedCronTime, SharedCronTimes } from './shared-cron-time';

describe('SharedCronTime', () => {
  afterEach(() => jest.useRealTimers());

  it('answers like a plain CronTime, before and after an occurrence passes', () => {
    jest.useFakeTimers({ now: new Date('2026-03-28T23:59:58.500Z') });
    const shared = new SharedCronTime('0 9 * * *', 'Europe/London');
    const plain = new CronTime('0 9 * * *', 'Europe/London');
    expect(shared.sendAt().toISO()).toBe(plain.sendAt().toISO());
    jest.setSystemTime(new Date('2026-03-29T08:00:00.001Z')); // just after 09:00 BST
    expect(shared.sendAt().toUTC().toISO()).toBe('2026-03-30T08:00:00.000Z');
    expect(shared.sendAt().toISO()).toBe(plain.sendAt().toISO());
    expect(shared.sendAt(2).map((d) => d.toUTC().toISO())).toEqual(['2026-03-30T08:00:00.000Z', '2026-03-31T08:00:00.000Z']);
  });

  it('is shared per expression and zone', () => {
    const times = new SharedCronTimes();
    expect(times.for('* * * * *', 'UTC')).toBe(times.for('* * * * *', 'UTC'));
    expect(times.for('* * * * *', 'UTC')).not.toBe(times.for('* * * * *', 'Asia/Tokyo'));
  });
});
