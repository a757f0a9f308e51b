import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { ExecutionLauncher, FlowBusyError } from '../src/executions/execution-launcher.service';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

const GB = 1024 ** 3;

describe('Executing flows against the backup API simulator', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  beforeAll(
    async () =>
      ({ t, sim, fx, repo } = await startSimulatedEngine({ startLatencyMs: 20, jobDurationMs: 300, totalBytes: GB }, { ENGINE_MAX_CONCURRENT_JOBS: '50' })),
  );
  afterAll(() => stopSimulatedEngine(t, sim));

  const execute = (flowId: string) => t.http.post(`/api/v1/protection-flows/${flowId}/execute`).send({});
  const finished = (executionId: string, timeoutMs = 20_000) =>
    waitFor(
      async () => {
        const res = await t.http.get(`/api/v1/flow-executions/${executionId}`).expect(200);
        return ['running', 'pending'].includes(res.body.status) ? undefined : res.body;
      },
      timeoutMs,
      `execution ${executionId} to finish`,
    );

  it('runs a 12-VM group at most 4 at a time, starts each VM once, and reports the truth', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `grp-vm-${String(i).padStart(2, '0')}`);
    sim.options.failStartVms.push('grp-vm-03');
    sim.options.failMidJobVms.push('grp-vm-07');
    sim.options.transientStartFailures['grp-vm-05'] = 1;
    const group = await fx.group(names, 4);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });

    const started = Date.now();
    const res = await execute(flow).expect(202);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.body).toMatchObject({ status: 'running', execution_type: 'manual', triggered_by: 'system', flow_id: flow });

    const done = await finished(res.body.id);
    expect(done).toMatchObject({ status: 'warning', jobs_created: 11, jobs_completed: 10, jobs_failed: 2, vms_processed: 12 });
    expect(done.bytes_transferred).toBe(10 * GB + GB / 2);
    expect(done.created_job_ids).toHaveLength(11);
    expect(done.execution_time_seconds).toBeGreaterThanOrEqual(0);
    const stats = sim.snapshot();
    for (const name of names.filter((n) => n !== 'grp-vm-03')) expect(stats.starts[name]).toBe(1);
    expect(stats.starts['grp-vm-03']).toBeUndefined();
    expect(stats.startCalls['grp-vm-05']).toBe(2); // the 503, then the retry
    expect(stats.maxConcurrent).toBe(4);

    const jobs: Array<{ vm_name: string; status: string; error_message: string | null; backup_type: string }> = done.jobs;
    expect(jobs.map((j) => j.vm_name)).toEqual(names);
    expect(jobs.find((j) => j.vm_name === 'grp-vm-03')).toMatchObject({ status: 'failed', error_message: expect.stringContaining('422') });
    expect(jobs.find((j) => j.vm_name === 'grp-vm-07')).toMatchObject({ status: 'failed', error_message: 'disk read error at 50%' });
    expect(jobs.every((j) => j.backup_type === 'full')).toBe(true);

    const flowView = await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200);
    expect(flowView.body.status).toMatchObject({
      last_execution_id: res.body.id,
      last_execution_status: 'warning',
      total_executions: 1,
      successful_executions: 0,
      failed_executions: 1,
    });

    const events = await t.http.get(`/api/v1/flow-executions/${res.body.id}/events?limit=500`).expect(200);
    const steps = new Set(events.body.events.map((e: { step: string }) => e.step));
    for (const step of ['started', 'resolved', 'queued', 'starting', 'completed', 'failed', 'finished']) expect(steps).toContain(step);

    // A second run: incremental where the full completed, full again where it did not.
    sim.options.failStartVms.length = 0;
    sim.options.failMidJobVms.length = 0;
    const second = await finished((await execute(flow).expect(202)).body.id);
    expect(second.status).toBe('success');
    const types = Object.fromEntries(second.jobs.map((j: { vm_name: string; backup_type: string }) => [j.vm_name, j.backup_type]));
    expect(types['grp-vm-00']).toBe('incremental');
    expect(types['grp-vm-03']).toBe('full');
    expect(types['grp-vm-07']).toBe('full');
  });

  it('runs a single-VM flow to success and shows it in the summary and history', async () => {
    const vm = await fx.vm('solo-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    const res = await t.http.post(`/api/v1/protection-flows/${flow}/execute`).set('X-Actor', 'ops').send({ execution_type: 'api' }).expect(202);
    expect(res.body).toMatchObject({ execution_type: 'api', triggered_by: 'ops' });
    const done = await finished(res.body.id);
    expect(done).toMatchObject({ status: 'success', jobs_completed: 1, jobs_failed: 0, bytes_transferred: GB, error_message: null });
    const history = await t.http.get(`/api/v1/protection-flows/${flow}/executions`).expect(200);
    expect(history.body).toMatchObject({ total: 1, executions: [{ id: res.body.id, status: 'success', flow_name: expect.any(String) }] });
    const summary = await t.http.get('/api/v1/protection-flows/summary').expect(200);
    expect(summary.body.successful_executions_today).toBeGreaterThanOrEqual(1);
    expect(summary.body.total_executions_today).toBeGreaterThanOrEqual(summary.body.successful_executions_today);
  });

  it('refuses an empty group with the reason the dry run gives', async () => {
    const group = await fx.group([], 5);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    const refused = await execute(flow).expect(422);
    expect(refused.body.error).toMatch(/has no enabled VMs/);
    const dryRun = await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200);
    expect(dryRun.body).toMatchObject({ valid: false, errors: [refused.body.error], resolved_vms: [] });
    expect((await t.http.get(`/api/v1/protection-flows/${flow}/executions`).expect(200)).body.total).toBe(0);
  });

  it('refuses overlapping, disabled, replication and unknown flows', async () => {
    sim.options.jobDurationMs = 1500;
    const vm = await fx.vm('overlap-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    const first = await execute(flow).expect(202);
    const overlap = await execute(flow).expect(409);
    expect(overlap.body.error).toContain('is already running');
    expect(overlap.body.details[0].records).toEqual([expect.objectContaining({ kind: 'flow_execution', id: first.body.id })]);
    await finished(first.body.id);
    sim.options.jobDurationMs = 300;

    await t.http.patch(`/api/v1/protection-flows/${flow}/disable`).expect(200);
    expect((await execute(flow).expect(409)).body.error).toMatch(/disabled/);
    const repl = (
      await t.http
        .post('/api/v1/protection-flows')
        .send({ name: 'repl', flow_type: 'replication', target_type: 'vm', target_id: vm, destination_type: 'vmware' })
        .expect(201)
    ).body.id;
    expect((await execute(repl).expect(409)).body.error).toBe('replication flows need a replication backend, which this engine does not have yet');
    await execute('no-such-flow').expect(404);
    await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({ execution_type: 'scheduled' }).expect(400);
  });

  it('cancels: queued VMs never start, the running one is followed, the run ends cancelled', async () => {
    sim.options.jobDurationMs = 1500;
    const names = ['cancel-a', 'cancel-b', 'cancel-c'];
    const group = await fx.group(names, 1);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    const id = (await execute(flow).expect(202)).body.id;
    await waitFor(async () => ((await t.http.get(`/api/v1/flow-executions/${id}`)).body.jobs?.[0]?.status === 'running' ? true : undefined));
    const cancelled = await t.http.post(`/api/v1/flow-executions/${id}/cancel`).expect(200);
    expect(cancelled.body.id).toBe(id);
    const done = await finished(id);
    sim.options.jobDurationMs = 300;
    expect(done.status).toBe('cancelled');
    expect(done.jobs.map((j: { status: string }) => j.status)).toEqual(['completed', 'cancelled', 'cancelled']);
    expect(sim.snapshot().starts['cancel-b']).toBeUndefined();
    await t.http.post(`/api/v1/flow-executions/${id}/cancel`).expect(409);
    await t.http.post('/api/v1/flow-executions/nope/cancel').expect(404);
    expect((await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200)).body.status).toMatchObject({ successful_executions: 0, failed_executions: 0 });
  });

  it('buffers a scheduled run behind a running one (at most one) and cancels a pending run at once', async () => {
    sim.options.jobDurationMs = 1500;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('pending-vm'), repository_id: repo });
    const running = (await execute(flow).expect(202)).body.id;
    const launcher = t.app.get(ExecutionLauncher);
    const { execution: pending } = await launcher.launch({ flowId: flow, executionType: 'scheduled', triggeredBy: 'scheduler', bufferIfBusy: true });
    expect(pending.status).toBe('pending');
    await expect(launcher.launch({ flowId: flow, executionType: 'scheduled', triggeredBy: 'scheduler', bufferIfBusy: true })).rejects.toBeInstanceOf(
      FlowBusyError,
    );
    const cancelled = await t.http.post(`/api/v1/flow-executions/${pending.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', jobs_created: 0 });
    const done = await finished(running);
    sim.options.jobDurationMs = 300;
    expect(done.status).toBe('success');
    const history = (await t.http.get(`/api/v1/protection-flows/${flow}/executions`).expect(200)).body.executions;
    expect(history.map((e: { status: string }) => e.status).sort()).toEqual(['cancelled', 'success']);
  });

  it('answers 404 for unknown executions and telemetry for unknown jobs', async () => {
    await t.http.get('/api/v1/flow-executions/nope').expect(404);
    await t.http.get('/api/v1/flow-executions/nope/events').expect(404);
    await t.http.post('/api/v1/telemetry/backup/bk-unknown').send({ status: 'running' }).expect(404);
    await t.http.post('/api/v1/telemetry/backup/bk-unknown').send({ status: 'exploded' }).expect(400);
  });
});

describe('Telemetry push and stale jobs', () => {
  let t: TestApp;
  let sim: BackupSimulator;
  let fx: CatalogFixtures;

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 10, jobDurationMs: 400, totalBytes: GB, telemetryIntervalMs: 100 });
    const simUrl = await sim.listen();
    // Polling every minute: within this test only a push can end a job.
    t = await startTestApp({ BACKUP_API_URL: simUrl, JOB_POLL_INTERVAL_MS: '60000', JOB_STALE_TIMEOUT_MS: '1000' }, { listen: true });
    sim.options.telemetryUrl = t.url;
    fx = new CatalogFixtures(t);
  });
  afterAll(async () => {
    await stopTestApp(t);
    await sim.close();
  });

  it('finishes a job from a telemetry push before any poll', async () => {
    const repo = await fx.repository();
    const vm = await fx.vm('pushed-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    const id = (await t.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(202)).body.id;
    const done = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/flow-executions/${id}`).expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    }, 10_000);
    expect(done).toMatchObject({ status: 'success', bytes_transferred: GB, jobs: [{ status: 'completed', progress_percent: 100 }] });
    expect(sim.snapshot().telemetryPushes).toBeGreaterThanOrEqual(2);
  });
});

describe('A job with no news', () => {
  let t: TestApp;
  let sim: BackupSimulator;

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 10, jobDurationMs: 600_000, totalBytes: GB });
    t = await startTestApp({ BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '200', JOB_STALE_TIMEOUT_MS: '1000' });
  });
  afterAll(() => stopTestApp(t));

  it('is failed once the backup API stops answering for JOB_STALE_TIMEOUT', async () => {
    const fx = new CatalogFixtures(t);
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('silent-vm'), repository_id: await fx.repository() });
    const id = (await t.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(202)).body.id;
    await waitFor(async () => ((await t.http.get(`/api/v1/flow-executions/${id}`)).body.jobs?.[0]?.status === 'running' ? true : undefined));
    await sim.close();
    const done = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/flow-executions/${id}`).expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    }, 15_000);
    expect(done).toMatchObject({ status: 'error', jobs: [{ status: 'failed', error_message: 'no progress reported for 1 seconds' }] });
  });
});

describe('Retries of scheduled runs', () => {
  let t: TestApp;
  let sim: BackupSimulator;

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 10, jobDurationMs: 200, totalBytes: GB });
    t = await startTestApp({ BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    await stopTestApp(t);
    await sim.close();
  });

  it("retries a failed VM up to the schedule's retry_attempts, counting attempts on the job row", async () => {
    const fx = new CatalogFixtures(t);
    const schedule = (
      await t.http.post('/api/v1/schedules').send({ name: 'retrying', cron_expression: '@yearly', retry_attempts: 2, retry_delay_minutes: 0 }).expect(201)
    ).body.id;
    const group = await fx.group(['flaky-vm', 'broken-vm', 'fine-vm'], 3);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: await fx.repository(), schedule_id: schedule });
    sim.options.transientMidJobFailures['flaky-vm'] = 1;
    sim.options.failMidJobVms.push('broken-vm');

    const { execution: launched } = await t.app.get(ExecutionLauncher).launch({ flowId: flow, executionType: 'scheduled', triggeredBy: 'scheduler' });
    const done = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/flow-executions/${launched.id}`).expect(200);
      return res.body.status === 'running' ? undefined : res.body;
    }, 15_000);

    const jobs = Object.fromEntries(done.jobs.map((j: { vm_name: string }) => [j.vm_name, j]));
    expect(jobs['flaky-vm']).toMatchObject({ status: 'completed', attempt: 2 });
    expect(jobs['broken-vm']).toMatchObject({ status: 'failed', attempt: 3 });
    expect(jobs['fine-vm']).toMatchObject({ status: 'completed', attempt: 1 });
    expect(sim.snapshot().starts).toMatchObject({ 'flaky-vm': 2, 'broken-vm': 3, 'fine-vm': 1 });
    expect(done).toMatchObject({ status: 'warning', execution_type: 'scheduled', triggered_by: 'scheduler', jobs_completed: 2, jobs_failed: 1 });
    const events = await t.http.get(`/api/v1/flow-executions/${launched.id}/events?limit=200`).expect(200);
    expect(events.body.events.filter((e: { step: string }) => e.step === 'retry')).toHaveLength(3);
  });
});
