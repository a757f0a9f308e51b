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
