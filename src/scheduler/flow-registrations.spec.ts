import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { CronRegistry } from './cron-registry';
import { FlowRegistrations } from './flow-registrations';
import { OccurrenceFirer, Tick } from './occurrence-firer.service';

const nightly = { id: 'sched-1', cron_expression: '0 0 2 * * *', timezone: 'UTC' } as ScheduleEntity;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('FlowRegistrations batching', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-06-01T10:00:00.000Z'), doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('fires the ticks of one occurrence as one batch even when their timers expire over several event-loop turns', async () => {
    const batches: Tick[][] = [];
    const firer = { fireBatch: (ticks: Tick[]) => Promise.resolve(void batches.push(ticks)) } as unknown as OccurrenceFirer;
    const scheduler = new SchedulerRegistry();
    const registrations = new FlowRegistrations(new CronRegistry(scheduler), firer);
    for (const flowId of ['a', 'b', 'c']) registrations.ensure(flowId, nightly);

    void scheduler.getCronJob('flow:a').fireOnTick();
    await nextTurn(); // 1,000 tick callbacks take longer than one timers phase: the rest come a turn later
    void scheduler.getCronJob('flow:b').fireOnTick();
    jest.advanceTimersByTime(20);
    await nextTurn();
    void scheduler.getCronJob('flow:c').fireOnTick();
    jest.advanceTimersByTime(100);
    await nextTurn();

    expect(batches.map((ticks) => ticks.map((t) => t.flowId))).toEqual([['a', 'b', 'c']]);
    expect(batches[0].map((t) => t.at.toISOString())).toEqual(Array(3).fill('2026-06-02T02:00:00.000Z'));
    registrations.stop();
  });
});

describe('FlowRegistrations through the 2027 clock changes (real CronJobs, fake clock)', () => {
  afterEach(() => jest.useRealTimers());

  /** Registers one flow per expression in Europe/Berlin at `start`, runs the clock for `hours`, and lists each flow's occurrences. */
  async function occurrences(start: string, hours: number, expressions: string[]): Promise<Record<string, string[]>> {
    jest.useFakeTimers({ now: new Date(start), doNotFake: ['setImmediate', 'nextTick'] });
    const fired: Record<string, string[]> = Object.fromEntries(expressions.map((e) => [e, []]));
    const firer = {
      fireBatch: (ticks: Tick[]) => Promise.resolve(ticks.forEach((t) => fired[t.flowId].push(t.at.toISOString().slice(0, 16)))),
    } as unknown as OccurrenceFirer;
    const registrations = new FlowRegistrations(new CronRegistry(new SchedulerRegistry()), firer);
    for (const [i, expression] of expressions.entries()) {
      registrations.ensure(expression, { id: `s-${i}`, cron_expression: expression, timezone: 'Europe/Berlin' } as ScheduleEntity);
    }
    for (let minute = 0; minute < hours * 60; minute++) {
      jest.advanceTimersByTime(60_000);
      await nextTurn();
    }
    registrations.stop();
    return fired;
  }

  it('fires a 03:00, a 02:30 and an hourly schedule once per night, and hourly once per real hour, when clocks go back', async () => {
    expect(await occurrences('2027-10-30T22:50:00Z', 5, ['0 3 * * *', '30 2 * * *', '0 * * * *'])).toEqual({
      '0 3 * * *': ['2027-10-31T02:00'],
      '30 2 * * *': ['2027-10-31T00:30'],
      '0 * * * *': ['2027-10-30T23:00', '2027-10-31T00:00', '2027-10-31T01:00', '2027-10-31T02:00', '2027-10-31T03:00'],
    });
  });

  it('fires them right after the jump when clocks go forward', async () => {
    expect(await occurrences('2027-03-27T22:50:00Z', 4, ['0 3 * * *', '30 2 * * *', '0 * * * *'])).toEqual({
      '0 3 * * *': ['2027-03-28T01:00'],
      '30 2 * * *': ['2027-03-28T01:00'],
      '0 * * * *': ['2027-03-27T23:00', '2027-03-28T00:00', '2027-03-28T01:00', '2027-03-28T02:00'],
    });
  });
});
