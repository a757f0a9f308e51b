import { BackupApiError } from '../../backup-client/backup-api.port';
import { AppConfig } from '../../config/app-config';
import { RecordedEvents } from '../../../test/fakes/recorded-events';
import { FakeBackupApi } from '../../../test/fakes/fake-backup-api';
import { InMemoryJobRepository } from '../../../test/fakes/in-memory-job-repository';
import { QuietExecutionLog } from '../../../test/fakes/quiet-execution-log';
import { ExecutionFinisher } from '../execution-finisher.service';
import { ExecutionRepository } from '../execution.repository';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { DispatchBoard } from './dispatch-board';
import { ExecutionPlanner, RunPlan, toDispatchJob } from './execution-planner.service';
import { FlowDispatcher } from './flow-dispatcher.service';
import { RunNews } from './run-news';
import { JobStarter } from './job-starter.service';

const settle = async (rounds = 10) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

function setup(options: { vms: string[]; limit: number; scheduled?: boolean; retryAttempts?: number }) {
  const api = new FakeBackupApi();
  const jobs = new InMemoryJobRepository();
  const log = new QuietExecutionLog();
  const board = new DispatchBoard(50);
  const finished: Array<{ id: string; cancelled: boolean }> = [];
  options.vms.forEach((vm, i) => jobs.add({ id: `job-${i}`, execution_id: 'ex-1', vm_name: vm }));
  const planner = {
    plan: async (execution: FlowExecutionEntity): Promise<RunPlan> => {
      const rows = await jobs.allOf(execution.id);
      return {
        spec: {
          executionId: execution.id,
          flowId: execution.flow_id,
          limitKey: 'group:g',
          maxConcurrent: options.limit,
          retry: options.scheduled ? { attempts: options.retryAttempts ?? 0, delayMs: 60_000 } : null,
        },
        metadata: { jobs_resolved: true, retry_attempts: options.retryAttempts ?? 0, retry_delay_minutes: 1, repository_id: 7, policy_id: null },
        queued: rows.filter((r) => r.status === 'queued').map(toDispatchJob),
        starting: [],
        running: [],
        failed: [],
        completed: 0,
      };
    },
  } as unknown as ExecutionPlanner;
  const executions = { findById: () => Promise.resolve({ execution_metadata: {} }) } as unknown as ExecutionRepository;
  const finisher = {
    finish: (ref: { id: string }, opts: { cancelled: boolean }) => {
      finished.push({ id: ref.id, cancelled: opts.cancelled });
      return Promise.resolve(true);
    },
  } as unknown as ExecutionFinisher;
  const events = new RecordedEvents();
  const published = events.emitted;
  const config = Object.assign(new AppConfig(), { JOB_POLL_INTERVAL_MS: 1000, JOB_STALE_TIMEOUT_MS: 60_000 });
  const starter = new JobStarter(api, jobs.asRepository(), log.asLog(), config);
  const dispatcher = new FlowDispatcher(board, planner, executions, jobs.asRepository(), api, starter, log.asLog(), finisher, new RunNews(events.asEvents()));
  const execution = { id: 'ex-1', flow_id: 'flow-1', execution_type: options.scheduled ? 'scheduled' : 'manual' } as FlowExecutionEntity;
  return { api, jobs, log, board, dispatcher, execution, finished, published };
}

/** Driving a run from its rows, as after a takeover (no start announced again). */
const RESUMED = { reason: 'resumed', message: 'resuming execution' } as const;

describe('FlowDispatcher', () => {
  afterEach(() => jest.useRealTimers());

  it('begins a launched run: says so in its log and to other modules, then dispatches it on the next turn', async () => {
    const { api, dispatcher, execution, log, published } = setup({ vms: ['a'], limit: 1 });
    await dispatcher.begin(execution, { reason: 'launched', message: 'Execution started (manual) by ops', fields: { request_id: 'r-1' } });
    expect(published.map((p) => p.name)).toEqual(['execution.started']);
    expect(published[0].payload).toEqual({ execution_id: 'ex-1', flow_id: 'flow-1', execution_type: 'manual', status: 'running' });
    expect(log.lines.map((l) => [l.step, l.message, l.fields?.request_id])).toEqual([['started', 'Execution started (manual) by ops', 'r-1']]);
    expect(api.count('start')).toBe(0);
    await settle();
    expect(api.count('start')).toBe(1);
  });

  it('starts at most the limit through the BackupApi port, each with its own idempotency key and tags', async () => {
    const { api, jobs, dispatcher, execution } = setup({ vms: ['a', 'b', 'c'], limit: 2 });
    await dispatcher.begin(execution, RESUMED);
    await settle();
    expect(api.count('start')).toBe(2);
    expect(api.calls[0].arg).toMatchObject({
      vm_name: 'a',
      repository: { id: 7 },
      idempotencyKey: 'ex-1:job-0:1',
      tags: { flow_id: 'flow-1', execution_id: 'ex-1', job_id: 'job-0' },
    });
    expect(jobs.statuses()).toEqual({ a: 'running', b: 'running', c: 'queued' });
  });

  it('gives a slot to the next VM as soon as a job is reported ended, and finishes once its row is written', async () => {
    const { api, jobs, dispatcher, execution, finished, published } = setup({ vms: ['a', 'b'], limit: 1 });
    await dispatcher.begin(execution, RESUMED);
    await settle();
    let writeRow: (value: boolean) => void = () => undefined;
    dispatcher.jobEnded('ex-1', 'job-0', 'completed', new Promise((resolve) => (writeRow = resolve)));
    await settle();
    expect(api.count('start')).toBe(2); // b started while a's row was still being written
    expect(published.filter((p) => p.name === 'execution.progress').map((p) => p.payload)).toEqual([
      { execution_id: 'ex-1', flow_id: 'flow-1', jobs_completed: 1, jobs_failed: 0, jobs_running: 1, jobs_queued: 0 },
    ]);
    expect(published.filter((p) => p.name === 'job.updated').map((p) => [p.payload.vm_name, p.payload.status])).toEqual([
      ['a', 'running'],
      ['b', 'running'],
    ]);
    await jobs.transition('job-1', ['running'], 'completed');
    dispatcher.jobEnded('ex-1', 'job-1', 'completed', Promise.resolve(true));
    await settle();
    expect(finished).toEqual([]); // a's row is not written yet
    writeRow(true);
    await settle();
    expect(finished).toEqual([{ id: 'ex-1', cancelled: false }]);
  });

  it('fails a VM whose start is refused and goes on with the others', async () => {
    const { api, jobs, dispatcher, execution, finished } = setup({ vms: ['bad', 'good'], limit: 1 });
    api.failStart.set('bad', new BackupApiError('start', 'backup API start call answered 422: no such VM', 422, false));
    await dispatcher.begin(execution, RESUMED);
    await settle();
    expect(jobs.rows.get('job-0')).toMatchObject({ status: 'failed', error_message: expect.stringContaining('422') });
    expect(jobs.statuses().good).toBe('running');
    expect(finished).toEqual([]);
  });

  it('retries a failed VM of a scheduled run after the delay, then finishes', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    const { api, jobs, dispatcher, execution, finished } = setup({ vms: ['flaky'], limit: 1, scheduled: true, retryAttempts: 1 });
    await dispatcher.begin(execution, RESUMED);
    await settle();
    await jobs.transition('job-0', ['running'], 'failed');
    dispatcher.jobEnded('ex-1', 'job-0', 'failed', Promise.resolve(true));
    await settle();
    expect(api.count('start')).toBe(1);
    jest.advanceTimersByTime(60_000);
    await settle();
    expect(api.count('start')).toBe(2);
    expect(jobs.rows.get('job-0')).toMatchObject({ status: 'running', attempt: 2, previous_backup_ids: ['bk-1'] });
    await jobs.transition('job-0', ['running'], 'failed');
    dispatcher.jobEnded('ex-1', 'job-0', 'failed', Promise.resolve(true));
    await settle();
    expect(finished).toHaveLength(1); // attempts used up: no third start
    expect(api.count('start')).toBe(2);
  });

  it('cancels: queued VMs never start, the running one is followed, the run ends cancelled', async () => {
    const { api, jobs, dispatcher, execution, finished } = setup({ vms: ['a', 'b', 'c'], limit: 1 });
    await dispatcher.begin(execution, RESUMED);
    await settle();
    await dispatcher.cancel('ex-1');
    expect(jobs.statuses()).toEqual({ a: 'running', b: 'cancelled', c: 'cancelled' });
    expect(finished).toEqual([]);
    await jobs.transition('job-0', ['running'], 'completed');
    dispatcher.jobEnded('ex-1', 'job-0', 'completed', Promise.resolve(true));
    await settle();
    expect(finished).toEqual([{ id: 'ex-1', cancelled: true }]);
    expect(api.count('start')).toBe(1);
  });
});
