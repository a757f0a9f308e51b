import { FakeBackupApi } from '../../../test/fakes/fake-backup-api';
import { InMemoryJobRepository } from '../../../test/fakes/in-memory-job-repository';
import { QuietExecutionLog } from '../../../test/fakes/quiet-execution-log';
import { RecordedEvents } from '../../../test/fakes/recorded-events';
import { AppConfig } from '../../config/app-config';
import { DispatchBoard } from './dispatch-board';
import { toDispatchJob } from './execution-planner.service';
import { FlowDispatcher } from './flow-dispatcher.service';
import { JobTracker } from './job-tracker.service';

const settle = async (rounds = 10) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

async function setup(vms: string[]) {
  const api = new FakeBackupApi();
  const jobs = new InMemoryJobRepository();
  const board = new DispatchBoard(50);
  const ended: Array<{ jobId: string; outcome: string }> = [];
  board.addRun({ executionId: 'ex-1', flowId: 'flow-1', limitKey: 'k', maxConcurrent: 10, retry: null });
  for (const [i, vm] of vms.entries()) {
    const started = await api.start({ vm_name: vm, backup_type: 'full', repository: { id: 1, external_id: null } }, `k-${i}`);
    const row = jobs.add({ id: `job-${i}`, execution_id: 'ex-1', vm_name: vm, status: 'running', backup_job_id: started.backup_id });
    board.adopt('ex-1', { ...toDispatchJob(row), lastNewsAt: Date.now() });
  }
  api.calls.length = 0;
  const dispatcher = {
    jobEnded: (_executionId: string, jobId: string, outcome: string, written: Promise<unknown>) => {
      ended.push({ jobId, outcome });
      board.jobEnded('ex-1', jobId, outcome as 'completed');
      void written.then(() => board.settled('ex-1', jobId));
    },
  } as unknown as FlowDispatcher;
  const config = Object.assign(new AppConfig(), { JOB_POLL_INTERVAL_MS: 1000, JOB_STALE_TIMEOUT_MS: 10_000 });
  const events = new RecordedEvents();
  const tracker = new JobTracker(config, dispatcher, board, jobs.asRepository(), api, new QuietExecutionLog().asLog(), events.asEvents());
  return { api, jobs, tracker, ended, events };
}

describe('JobTracker', () => {
  afterEach(() => jest.useRealTimers());

  it('polls every interval with one list call for all jobs, and a GET only for those missing from it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    const { api, jobs, tracker, ended } = await setup(['a', 'b', 'c']);
    tracker.onApplicationBootstrap();
    api.set('bk-1', 'running', { bytes_transferred: 40, progress_percent: 40 });
    api.set('bk-2', 'completed', { bytes_transferred: 100 });
    jest.advanceTimersByTime(1000);
    await settle();
    expect(api.count('list')).toBe(1);
    expect(api.calls.filter((c) => c.op === 'get').map((c) => c.arg)).toEqual(['bk-2']);
    expect(jobs.rows.get('job-0')).toMatchObject({ status: 'running', bytes_transferred: 40 });
    expect(jobs.rows.get('job-1')).toMatchObject({ status: 'completed', progress_percent: 100 });
    expect(ended).toEqual([{ jobId: 'job-1', outcome: 'completed' }]);

    jest.advanceTimersByTime(1000);
    await settle();
    expect(api.count('list')).toBe(2);
    expect(api.count('get')).toBe(1); // job-1 is no longer followed
    tracker.beforeApplicationShutdown();
  });

  it('fails a job that has had no news for JOB_STALE_TIMEOUT_MS, saying so', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    const { api, jobs, tracker, ended } = await setup(['silent']);
    api.unreachable = true;
    tracker.onApplicationBootstrap();
    jest.advanceTimersByTime(9000);
    await settle();
    expect(ended).toEqual([]);
    jest.advanceTimersByTime(2000);
    await settle();
    expect(ended).toEqual([{ jobId: 'job-0', outcome: 'failed' }]);
    expect(jobs.rows.get('job-0')).toMatchObject({ status: 'failed', error_message: 'no progress reported for 10 seconds' });
    tracker.beforeApplicationShutdown();
  });

  it('takes a telemetry push for a followed job at once, and 404s an unknown backup id', async () => {
    const { jobs, tracker, ended, events } = await setup(['pushed']);
    await expect(tracker.telemetry('bk-1', { status: 'completed', bytes_transferred: 100 })).resolves.toEqual({ job_id: 'job-0', status: 'completed' });
    expect(events.named('job.updated')).toEqual([
      expect.objectContaining({ job_id: 'job-0', status: 'completed', progress_percent: 100, bytes_transferred: 100 }),
    ]);
    expect(ended).toEqual([{ jobId: 'job-0', outcome: 'completed' }]);
    expect(jobs.rows.get('job-0')?.status).toBe('completed');
    await expect(tracker.telemetry('bk-404', { status: 'running' })).rejects.toMatchObject({ status: 404 });
  });
});
