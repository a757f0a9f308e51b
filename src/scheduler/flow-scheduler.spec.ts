import { HttpStatus } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { ApiError } from '../common/api-error';
import { AppConfig } from '../config/app-config';
import { ExecutionLauncher, FlowBusyError, LaunchRequest } from '../executions/execution-launcher.service';
import { FlowExecutionEntity } from '../executions/flow-execution.entity';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { CronRegistry } from './cron-registry';
import { FlowRegistrations } from './flow-registrations';
import { FlowScheduler } from './flow-scheduler.service';
import { OccurrenceFirer } from './occurrence-firer.service';
import { MissedOccurrences } from './missed-occurrences';
import { OccurrenceRecorder } from './occurrence-recorder.service';
import { OccurrenceClaim, OccurrenceRepository } from './occurrence.repository';
import { OccurrenceOutcome } from './schedule-execution.entity';
import { ScheduleShares } from './schedule-shares.service';

const settle = async (rounds = 10) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

const everySecond = { id: 'sched-1', name: 's', cron_expression: '* * * * * *', timezone: 'UTC', enabled: true, skip_if_running: true } as ScheduleEntity;

function setup(launch: (request: LaunchRequest) => Promise<{ execution: FlowExecutionEntity }>, options: { claimWins?: boolean } = {}) {
  const flow = { id: 'flow-1', name: 'f', enabled: true, schedule_id: everySecond.id, next_execution_time: null } as ProtectionFlowEntity;
  const stored: ProtectionFlowEntity[] = [flow];
  const claims: OccurrenceClaim[] = [];
  const settled: Array<{ outcome: OccurrenceOutcome; executionId: string | null }> = [];
  const nextTimes: Array<Date | null> = [];
  const reads: string[] = [];
  const occurrences = {
    claimMany: (batch: OccurrenceClaim[]) =>
      Promise.resolve(batch.map((claim) => (claims.push(claim), options.claimWins === false ? null : `occ-${claims.length}`))),
  } as unknown as OccurrenceRepository;
  const recorder = {
    settle: (_occurrence: unknown, outcome: OccurrenceOutcome, executionId: string | null) => Promise.resolve(void settled.push({ outcome, executionId })),
  } as unknown as OccurrenceRecorder;
  const read = <T>(name: string, value: T) => (reads.push(name), Promise.resolve(value));
  const flows = {
    scheduledFlowsAfter: () => read('all flows', [...stored]),
    flowsChangedSince: () => read('changed flows', []),
    usersOfSchedules: () => Promise.resolve([]),
    scheduledFlowsBehind: () => Promise.resolve([]),
    countScheduled: () => read('count', stored.length),
    findMany: (ids: string[]) => Promise.resolve(stored.filter((f) => ids.includes(f.id))),
    setNextExecutions: (entries: Array<{ next: Date | null }>) => Promise.resolve(void nextTimes.push(...entries.map((e) => e.next))),
  } as unknown as FlowsService;
  const schedules = {
    all: () => Promise.resolve([everySecond]),
    changedSince: () => Promise.resolve([]),
    findMany: () => Promise.resolve([everySecond]),
  } as unknown as SchedulesService;
  const missed = { catchUpIfBehind: () => Promise.resolve(), graceMs: 2000 } as unknown as MissedOccurrences;
  const config = Object.assign(new AppConfig(), { SCHEDULER_ENABLED: true, SCHEDULER_RECONCILE_MS: 60_000 });
  const launcher = { launch, checkMany: () => Promise.resolve(new Map()) } as unknown as ExecutionLauncher;
  const firer = new OccurrenceFirer(flows, schedules, occurrences, launcher, recorder);
  const registrations = new FlowRegistrations(new CronRegistry(new SchedulerRegistry()), firer);
  // This replica alone: it holds every share.
  const shares = {
    count: 256,
    heldCount: 256,
    holds: () => true,
    ranges: () => [{ from: null, to: null }],
    rebalance: () => Promise.resolve({ gained: [], dropped: [] }),
    leave: () => Promise.resolve(),
  } as unknown as ScheduleShares;
  const scheduler = new FlowScheduler(config, registrations, flows, schedules, missed, firer, shares);
  return { scheduler, flow, stored, claims, settled, nextTimes, reads };
}

describe('FlowScheduler fire path', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-06-01T10:00:00.200Z'), doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('claims each occurrence at its scheduled second, runs the flow and records the outcome and the next run', async () => {
    const launched: LaunchRequest[] = [];
    const { scheduler, claims, settled, nextTimes } = setup((request) => {
      launched.push(request);
      return Promise.resolve({ execution: { id: `ex-${launched.length}` } as FlowExecutionEntity });
    });
    await scheduler.reconcile();
    expect(scheduler.registeredCount).toBe(1);
    jest.advanceTimersByTime(1000);
    await settle();
    expect(claims).toEqual([expect.objectContaining({ flow_id: 'flow-1', scheduled_at: new Date('2026-06-01T10:00:01.000Z'), outcome: 'fired' })]);
    expect(launched).toEqual([
      expect.objectContaining({ flowId: 'flow-1', executionType: 'scheduled', triggeredBy: 'scheduler', scheduleExecutionId: 'occ-1', bufferIfBusy: false }),
    ]);
    expect(settled).toEqual([{ outcome: 'fired', executionId: 'ex-1' }]);
    expect(nextTimes).toEqual([new Date('2026-06-01T10:00:02.000Z')]);
    await scheduler.beforeApplicationShutdown();
  });

  it('runs nothing when another replica claimed the occurrence', async () => {
    const launch = jest.fn();
    const { scheduler, claims } = setup(launch, { claimWins: false });
    await scheduler.reconcile();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(claims).toHaveLength(1);
    expect(launch).not.toHaveBeenCalled();
    await scheduler.beforeApplicationShutdown();
  });

  it('records an overlap as skipped_overlap and a refused run as skipped_disabled', async () => {
    const refusals: Error[] = [
      new FlowBusyError('The flow already has a running execution: ex-0'),
      new ApiError(HttpStatus.CONFLICT, 'Repository "r" is disabled'),
    ];
    const { scheduler, settled } = setup(() => Promise.reject(refusals.shift() ?? new Error('no more refusals')));
    await scheduler.reconcile();
    jest.advanceTimersByTime(1000);
    await settle();
    jest.advanceTimersByTime(1000);
    await settle();
    expect(settled).toEqual([
      { outcome: 'skipped_overlap', executionId: null },
      { outcome: 'skipped_disabled', executionId: null },
    ]);
    await scheduler.beforeApplicationShutdown();
  });

  it('between full passes reads only what changed, and a deleted flow (the count disagrees) brings a full pass', async () => {
    const { scheduler, stored, reads } = setup(() => Promise.reject(new Error('not due')));
    await scheduler.reconcile();
    expect(reads).toEqual(['all flows']);
    await scheduler.reconcile();
    expect(reads.slice(1)).toEqual(['changed flows', 'count']);
    expect(scheduler.registeredCount).toBe(1);
    stored.pop(); // deleted through another replica
    await scheduler.reconcile();
    expect(reads.slice(3)).toEqual(['changed flows', 'count', 'all flows']);
    expect(scheduler.registeredCount).toBe(0);
    await scheduler.beforeApplicationShutdown();
  });
});
