import { FakeBackupApi } from '../../../test/fakes/fake-backup-api';
import { InMemoryJobRepository } from '../../../test/fakes/in-memory-job-repository';
import { QuietExecutionLog } from '../../../test/fakes/quiet-execution-log';
import { AppConfig } from '../../config/app-config';
import { toDispatchJob } from './execution-planner.service';
import { JobStarter } from './job-starter.service';

const spec = { executionId: 'ex-1', flowId: 'flow-1', limitKey: 'k', maxConcurrent: 1, retry: null };
const target = { repository: { id: 3, external_id: 'repo-nfs-1' }, policyId: null };

function setup(backupType: 'full' | 'incremental' = 'full') {
  const api = new FakeBackupApi();
  const jobs = new InMemoryJobRepository();
  const log = new QuietExecutionLog();
  const config = Object.assign(new AppConfig(), { JOB_POLL_INTERVAL_MS: 1000, JOB_STALE_TIMEOUT_MS: 10_000 });
  const row = jobs.add({ id: 'job-1', execution_id: 'ex-1', vm_name: 'vm-1', backup_type: backupType });
  return { api, jobs, log, starter: new JobStarter(api, jobs.asRepository(), log.asLog(), config), job: toDispatchJob(row) };
}

/** Lets fake timers run while the starter awaits them. */
async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    await jest.advanceTimersByTimeAsync(500);
  }
}

describe('JobStarter', () => {
  afterEach(() => jest.useRealTimers());

  it('starts a queued job and records its backup id', async () => {
    const { api, jobs, starter, job } = setup();
    const result = await starter.start(spec, job, target, () => true);
    expect(result).toMatchObject({ outcome: 'running', record: { backup_id: 'bk-1' } });
    expect(jobs.rows.get('job-1')).toMatchObject({ status: 'running', attempt: 1, backup_job_id: 'bk-1' });
    expect(api.calls[0].arg).toMatchObject({ repository: { id: 3, external_id: 'repo-nfs-1' }, tags: { job_id: 'job-1' } });
  });

  it('never takes a start with no answer as failed: it asks the API until it answers and adopts the backup the start made', async () => {
    jest.useFakeTimers();
    const { api, jobs, starter, job, log } = setup();
    api.dropReply.add('vm-1');
    const pending = starter.start(spec, job, target, () => true);
    await advance(500);
    api.unreachable = true;
    await advance(3000);
    expect(jobs.rows.get('job-1')?.status).toBe('starting');
    api.unreachable = false;
    await advance(1500);
    await expect(pending).resolves.toMatchObject({ outcome: 'running', record: { backup_id: 'bk-1' } });
    expect(api.count('start')).toBe(1); // adopted, not started twice
    expect(log.steps).toContain('start-unknown');
  });

  it('fails the job once the API has not answered for JOB_STALE_TIMEOUT_MS', async () => {
    jest.useFakeTimers();
    const { api, jobs, starter, job } = setup();
    api.unreachable = true;
    const pending = starter.start(spec, job, target, () => true);
    await advance(12_000);
    await expect(pending).resolves.toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/did not answer/) });
    expect(jobs.rows.get('job-1')?.status).toBe('failed');
  });

  it('retries a refused incremental once as full, and says so in the job log', async () => {
    const { api, jobs, starter, job, log } = setup('incremental');
    api.noFullFor.add('vm-1');
    await expect(starter.start(spec, job, target, () => true)).resolves.toMatchObject({ outcome: 'running' });
    expect(api.calls.filter((c) => c.op === 'start').map((c) => (c.arg as { backup_type: string }).backup_type)).toEqual(['incremental', 'full']);
    expect(jobs.rows.get('job-1')?.backup_type).toBe('full');
    expect(log.steps).toContain('full-instead');
  });
});
