import { createServer, Server, Socket } from 'node:net';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { ExecutionLauncher } from '../src/executions/execution-launcher.service';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

const GB = 1024 ** 3;

interface Execution {
  id: string;
  status: string;
  jobs_created: number;
  jobs_completed: number;
  bytes_transferred: number;
  vms_processed: number;
  created_job_ids: string[];
  error_message: string | null;
  jobs: Array<{ vm_name: string; status: string; attempt: number }>;
  jobs_total: number;
  job_counts: Record<string, number>;
}

describe('Run semantics an operator relies on', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  beforeAll(async () => ({ t, sim, fx, repo } = await startSimulatedEngine({ startLatencyMs: 10, jobDurationMs: 400, totalBytes: GB })));
  afterAll(() => stopSimulatedEngine(t, sim));
  beforeEach(() => {
    sim.resetStats();
    sim.options.jobDurationMs = 400;
  });

  const execute = (flowId: string) => t.http.post(`/api/v1/protection-flows/${flowId}/execute`).send({});
  const get = async (id: string, query = ''): Promise<Execution> => (await t.http.get(`/api/v1/flow-executions/${id}${query}`).expect(200)).body;
  const finished = (id: string, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const body = await get(id);
        return ['running', 'pending'].includes(body.status) ? undefined : body;
      },
      timeoutMs,
      `execution ${id} to finish`,
    );

  it('limits a group across runs, and never backs up one VM twice at once', async () => {
    const group = await fx.group(['lim-1', 'lim-2', 'lim-3', 'lim-4', 'lim-5', 'lim-6'], 2);
    const [a, b] = [
      await fx.flow({ target_type: 'group', target_id: group, repository_id: repo }),
      await fx.flow({ target_type: 'group', target_id: group, repository_id: await fx.repository() }),
    ];
    const runs = [(await execute(a).expect(202)).body.id, (await execute(b).expect(202)).body.id];
    for (const run of runs) expect((await finished(run)).status).toBe('success');
    expect(sim.snapshot().maxConcurrent).toBe(2);
    expect(Object.values(sim.snapshot().maxConcurrentPerVm).every((n) => n === 1)).toBe(true);

    sim.resetStats();
    const left = await fx.group(['ex-left'], 3);
    const right = await fx.group(['ex-right'], 3);
    const shared = await fx.vm('ex-shared');
    for (const [g, priority] of [
      [left, -1],
      [right, -1],
    ] as const)
      await t.http.post(`/api/v1/machine-groups/${g}/vms`).send({ vm_context_id: shared, priority }).expect(201);
    const flows = [
      await fx.flow({ target_type: 'group', target_id: left, repository_id: repo }),
      await fx.flow({ target_type: 'group', target_id: right, repository_id: repo }),
      await fx.flow({ target_type: 'vm', target_id: shared, repository_id: repo }),
    ];
    const ids: string[] = [];
    for (const flow of flows) ids.push((await execute(flow).expect(202)).body.id);
    for (const id of ids) expect((await finished(id)).status).toBe('success');
    const stats = sim.snapshot();
    expect(stats.starts['ex-shared']).toBe(3);
    expect(stats.maxConcurrentPerVm['ex-shared']).toBe(1);
  });

  it('shows live counters while a run is in progress, and keeps every backup id of retries', async () => {
    sim.options.jobDurationMs = 500;
    const group = await fx.group(['live-1', 'live-2', 'live-3', 'live-4'], 1);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    const id = (await execute(flow).expect(202)).body.id;
    const midway = await waitFor(
      async () => {
        const body = await get(id);
        return body.status === 'running' && body.jobs_completed >= 2 ? body : undefined;
      },
      15_000,
      'two VMs done while running',
    );
    expect(midway.bytes_transferred).toBeGreaterThanOrEqual(2 * GB);
    expect(midway.vms_processed).toBeGreaterThanOrEqual(2);
    expect(midway.jobs_created).toBeGreaterThanOrEqual(2);
    expect(midway.created_job_ids.length).toBe(midway.jobs_created);
    expect((await finished(id)).jobs_completed).toBe(4);

    const schedule = (
      await t.http.post('/api/v1/schedules').send({ name: 'retry-ids', cron_expression: '@yearly', retry_attempts: 2, retry_delay_minutes: 0 }).expect(201)
    ).body.id;
    const retried = await fx.flow({ target_type: 'vm', target_id: await fx.vm('retry-ids-vm'), repository_id: repo, schedule_id: schedule });
    sim.options.transientMidJobFailures['retry-ids-vm'] = 1;
    const { execution } = await t.app.get(ExecutionLauncher).launch({ flowId: retried, executionType: 'scheduled', triggeredBy: 'scheduler' });
    const done = await finished(execution.id);
    expect(done).toMatchObject({ status: 'success', jobs_created: 2 });
    expect(new Set(done.created_job_ids).size).toBe(2);
  });

  it('refuses to delete a flow with a running or pending execution, naming it', async () => {
    sim.options.jobDurationMs = 1500;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('busy-delete-vm'), repository_id: repo });
    const id = (await execute(flow).expect(202)).body.id;
    const refused = await t.http.delete(`/api/v1/protection-flows/${flow}`).expect(409);
    expect(refused.body.error).toContain(id);
    const bulk = await t.http
      .post('/api/v1/protection-flows/bulk-delete')
      .send({ flow_ids: [flow] })
      .expect(200);
    expect(bulk.body).toMatchObject({ successful: 0, failed: 1, errors: [{ flow_id: flow, error: expect.stringContaining(id) }] });
    await finished(id);
    await t.http.delete(`/api/v1/protection-flows/${flow}`).expect(204);
  });

  it('drops a buffered run, with the reason, when its flow is disabled before it starts', async () => {
    sim.options.jobDurationMs = 1500;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('drop-vm'), repository_id: repo });
    const running = (await execute(flow).expect(202)).body.id;
    const { execution: pending } = await t.app
      .get(ExecutionLauncher)
      .launch({ flowId: flow, executionType: 'scheduled', triggeredBy: 'scheduler', bufferIfBusy: true });
    expect(pending.status).toBe('pending');
    await t.http.patch(`/api/v1/protection-flows/${flow}/disable`).expect(200);
    const dropped = await get(pending.id);
    expect(dropped).toMatchObject({ status: 'cancelled', error_message: 'Dropped before it started: the flow was disabled' });
    const events = (await t.http.get(`/api/v1/flow-executions/${pending.id}/events`).expect(200)).body.events;
    expect(events.map((e: { step: string }) => e.step)).toContain('dropped');
    expect((await finished(running)).status).toBe('success');
    expect(sim.snapshot().starts['drop-vm']).toBe(1);
  });

  it('counts warnings as failed in the flow and in the summary alike, and shows a cancelled run as cancelled', async () => {
    const before = (await t.http.get('/api/v1/protection-flows/summary').expect(200)).body;
    sim.options.failMidJobVms.push('warn-bad');
    const group = await fx.group(['warn-good', 'warn-bad'], 2);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    expect((await finished((await execute(flow).expect(202)).body.id)).status).toBe('warning');
    sim.options.failMidJobVms.length = 0;
    const after = (await t.http.get('/api/v1/protection-flows/summary').expect(200)).body;
    expect(after.failed_executions_today - before.failed_executions_today).toBe(1);
    expect((await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200)).body.status).toMatchObject({
      failed_executions: 1,
      last_execution_status: 'warning',
    });

    sim.options.jobDurationMs = 1500;
    const cancelled = (await execute(flow).expect(202)).body.id;
    await waitFor(async () => ((await get(cancelled)).jobs.some((j) => j.status === 'running') ? true : undefined));
    await t.http.post(`/api/v1/flow-executions/${cancelled}/cancel`).expect(200);
    expect((await finished(cancelled)).status).toBe('cancelled');
    expect((await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200)).body.status).toMatchObject({
      last_execution_status: 'cancelled',
      failed_executions: 1,
    });
  });

  it("pages an execution's jobs and counts them by status", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `page-vm-${String(i).padStart(2, '0')}`);
    const flow = await fx.flow({ target_type: 'group', target_id: await fx.group(names, 6), repository_id: repo });
    const id = (await execute(flow).expect(202)).body.id;
    await finished(id);
    const page = await get(id, '?jobs_limit=5&jobs_offset=5');
    expect(page.jobs.map((j) => j.vm_name)).toEqual(names.slice(5, 10));
    expect(page.jobs_total).toBe(12);
    expect(page.job_counts).toMatchObject({ completed: 12, failed: 0, queued: 0 });
    expect((await get(id)).jobs).toHaveLength(12);
    await t.http.get(`/api/v1/flow-executions/${id}?jobs_limit=0`).expect(400);
  });

  it('gives execute and the dry run the same reasons', async () => {
    const vm = await fx.vm('preflight-vm');
    const policy = (await t.http.post('/api/v1/policies').send({ name: 'off-policy', enabled: false }).expect(201)).body.id;
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo, policy_id: policy });
    const dry = (await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body;
    expect(dry.valid).toBe(false);
    expect((await execute(flow).expect(409)).body.error).toBe(dry.errors[0]);
    await t.http.put(`/api/v1/policies/${policy}`).send({ enabled: true }).expect(200);
    await t.http.patch(`/api/v1/protection-flows/${flow}/disable`).expect(200);
    const disabled = (await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body;
    expect(disabled).toMatchObject({ valid: false, errors: [expect.stringMatching(/is disabled/)] });
    expect((await execute(flow).expect(409)).body.error).toBe(disabled.errors[0]);
    await t.http.patch(`/api/v1/protection-flows/${flow}/enable`).expect(200);
    expect((await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body).toMatchObject({ valid: true, errors: [] });
    await finished((await execute(flow).expect(202)).body.id);
  });
});

describe('Dry run while the backup API does not answer', () => {
  let t: TestApp;
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: the worst case for a client without timeouts.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    t = await startTestApp({ BACKUP_API_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await stopTestApp(t);
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers 503 naming the backup API within 5 s', async () => {
    const fx = new CatalogFixtures(t);
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('offline-api-vm'), repository_id: await fx.repository() });
    const started = Date.now();
    const res = await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.body.error).toMatch(/backup API is unreachable/);
  });
});
