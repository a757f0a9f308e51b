import { ShaBackupSimulator } from '../src/backup-client/simulator/sha-simulator';
import { EngineProcess, freePort } from '../bench/engine-process';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';
import { createTestDatabase, dropTestDatabase } from './support/test-database';

interface Execution {
  id: string;
  status: string;
  error_message: string | null;
  jobs: Array<{ vm_name: string; status: string; backup_type: string; error_message: string | null; attempt: number }>;
}

const GB = 1024 ** 3;
const mysqlOnly = process.env.DATABASE_URL ? describe : describe.skip;

describe('Against the SHA appliance backup API (BACKUP_API_KIND=sha, simulated)', () => {
  let t: TestApp;
  let sha: ShaBackupSimulator;
  let fx: CatalogFixtures;
  let repo: number;

  beforeAll(async () => {
    sha = new ShaBackupSimulator({ startLatencyMs: 20, jobDurationMs: 600, totalBytes: GB, unknownVms: ['ghost-vm'] });
    t = await startTestApp({ BACKUP_API_KIND: 'sha', BACKUP_API_URL: await sha.listen(), JOB_POLL_INTERVAL_MS: '100' });
    fx = new CatalogFixtures(t);
    repo = (await t.http.post('/api/v1/repositories').send({ name: 'appliance-nfs', type: 'nfs', external_id: 'repo-nfs-1728000000' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await stopTestApp(t);
    await sha.close();
  });

  const execute = (flow: string) => t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({});
  const finished = (id: string, timeoutMs = 30_000) =>
    waitFor(async () => {
      const body = (await t.http.get(`/api/v1/flow-executions/${id}`).expect(200)).body as Execution;
      return ['running', 'pending'].includes(body.status) ? undefined : body;
    }, timeoutMs);
  const events = async (id: string) =>
    (await t.http.get(`/api/v1/flow-executions/${id}/events?limit=500`).expect(200)).body.events as Array<{ step: string; message: string }>;

  it('refuses a flow whose repository has no external_id, in the dry run and on execute alike', async () => {
    const bare = await fx.repository();
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('no-external-id'), repository_id: bare });
    const dry = (await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body;
    expect(dry).toMatchObject({ valid: false, errors: [expect.stringMatching(/has no external_id/)] });
    expect((await execute(flow).expect(422)).body.error).toBe(dry.errors[0]);
  });

  it('backs up a group by VM name into the string repository id, polling with one running-list call per interval', async () => {
    const flow = await fx.flow({ target_type: 'group', target_id: await fx.group(['sha-a', 'sha-b', 'sha-c'], 2), repository_id: repo });
    expect((await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body.valid).toBe(true);
    const done = await finished((await execute(flow).expect(202)).body.id);
    expect(done.status).toBe('success');
    expect(done.jobs.map((j) => [j.vm_name, j.status, j.backup_type])).toEqual([
      ['sha-a', 'completed', 'full'],
      ['sha-b', 'completed', 'full'],
      ['sha-c', 'completed', 'full'],
    ]);
    const stats = sha.snapshot();
    expect([stats.starts['sha-a'], stats.starts['sha-b'], stats.starts['sha-c']]).toEqual([1, 1, 1]);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(2);
    expect(stats.requests.some((r) => r === 'GET /api/v1/backups?status=running')).toBe(true);
    expect(stats.requests.some((r) => r.startsWith('GET /api/v1/backups?repository_id=repo-nfs-1728000000'))).toBe(true);
  });

  it('fails an unknown VM with a clear reason and goes on with the others', async () => {
    const flow = await fx.flow({ target_type: 'group', target_id: await fx.group(['known-vm', 'ghost-vm'], 2), repository_id: repo });
    const done = await finished((await execute(flow).expect(202)).body.id);
    expect(done.status).toBe('warning');
    expect(done.jobs.find((j) => j.vm_name === 'known-vm')).toMatchObject({ status: 'completed' });
    expect(done.jobs.find((j) => j.vm_name === 'ghost-vm')).toMatchObject({
      status: 'failed',
      error_message: expect.stringMatching(/not known to the backup system/),
    });
    expect(sha.snapshot().starts['ghost-vm']).toBeUndefined();
  });

  it('retries an incremental the appliance refuses as a full one, and says so in the job log', async () => {
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('incr-vm'), repository_id: repo });
    expect((await finished((await execute(flow).expect(202)).body.id)).status).toBe('success');
    sha.clearBackups(); // the appliance lost the chain: no previous backup to build on
    const second = (await execute(flow).expect(202)).body.id;
    const done = await finished(second);
    expect(done.status).toBe('success');
    expect(done.jobs[0]).toMatchObject({ backup_type: 'full', status: 'completed' });
    expect(sha.snapshot().startCalls).toMatchObject({ 'incr-vm:incremental': 1, 'incr-vm:full': 2 });
    expect((await events(second)).find((e) => e.step === 'full-instead')?.message).toMatch(/no previous backup found/);
  });

  it('adopts the backup a start made when its reply was lost, rather than starting the VM twice', async () => {
    sha.options.dropStartReplyVms.push('lost-reply-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('lost-reply-vm'), repository_id: repo });
    const done = await finished((await execute(flow).expect(202)).body.id);
    expect(done.status).toBe('success');
    expect(sha.snapshot().starts['lost-reply-vm']).toBe(1);
  });

  it('cancels by letting go of started backups (the appliance has no cancel), saying the transfer may continue', async () => {
    sha.options.jobDurationMs = 5000;
    const flow = await fx.flow({ target_type: 'group', target_id: await fx.group(['cancel-sha-1', 'cancel-sha-2'], 1), repository_id: repo });
    const id = (await execute(flow).expect(202)).body.id;
    await waitFor(async () => ((await t.http.get(`/api/v1/flow-executions/${id}`)).body.jobs?.[0]?.status === 'running' ? true : undefined));
    await t.http.post(`/api/v1/flow-executions/${id}/cancel`).expect(200);
    const done = await finished(id, 3000);
    sha.options.jobDurationMs = 600;
    expect(done.status).toBe('cancelled');
    expect(done.jobs.map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    expect(done.jobs[0].error_message).toMatch(/transfer may continue on the appliance/);
    expect((await events(id)).some((e) => /may continue on the appliance/.test(e.message))).toBe(true);
  });
});

mysqlOnly('SHA backup API: outages and crashes', () => {
  let sha: ShaBackupSimulator;
  let engine: EngineProcess;
  let repo: number;

  beforeAll(async () => {
    await createTestDatabase();
    sha = new ShaBackupSimulator({ startLatencyMs: 400, jobDurationMs: 1500, totalBytes: GB });
    engine = new EngineProcess(await freePort(), {
      DATABASE_URL: process.env.DATABASE_URL as string,
      BACKUP_API_KIND: 'sha',
      BACKUP_API_URL: await sha.listen(),
      JOB_POLL_INTERVAL_MS: '200',
      EXECUTION_LEASE_MS: '1500',
    });
    await engine.start();
    repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'sha-crash-repo', type: 'nfs', external_id: 'repo-nfs-crash' })).id;
  }, 120_000);
  afterAll(async () => {
    await engine?.kill();
    await sha?.close();
    await dropTestDatabase();
  });

  async function groupFlow(name: string, vms: string[], limit: number): Promise<string> {
    const group = (await engine.json<{ id: string }>('POST', '/machine-groups', { name, max_concurrent_vms: limit })).id;
    for (const vm of vms) {
      const context = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: vm })).context_id;
      await engine.json('POST', `/machine-groups/${group}/vms`, { vm_context_id: context });
    }
    return (
      await engine.json<{ id: string }>('POST', '/protection-flows', { name, flow_type: 'backup', target_type: 'group', target_id: group, repository_id: repo })
    ).id;
  }
  const finished = (id: string, timeoutMs: number) =>
    waitFor(async () => {
      const body = (await engine.api<Execution>('GET', `/flow-executions/${id}`)).body;
      return body && ['running', 'pending'].includes(body.status) ? undefined : body;
    }, timeoutMs);

  it('backs up every VM exactly once after a SIGKILL with starts in flight and a restart', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `sha-crash-${String(i).padStart(2, '0')}`);
    const flow = await groupFlow('sha-crash', names, 4);
    const id = (await engine.json<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {})).id;
    await waitFor(() => Promise.resolve(Object.values(sha.snapshot().startCalls).reduce((n, c) => n + c, 0) >= 6 ? true : undefined), 20_000);
    await engine.kill(); // some starts are in flight now: the appliance answers them to nobody
    await engine.start();
    const done = await finished(id, 60_000);
    expect(done.status).toBe('success');
    const starts = sha.snapshot().starts;
    expect(names.map((n) => starts[n])).toEqual(names.map(() => 1));
  });

  it('follows every job again after the API was unreachable for 30 s mid-run: none stuck, none doubled', async () => {
    sha.options.startLatencyMs = 20;
    sha.options.jobDurationMs = 3000;
    const names = ['outage-1', 'outage-2', 'outage-3', 'outage-4'];
    const flow = await groupFlow('sha-outage', names, 2);
    const id = (await engine.json<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {})).id;
    await waitFor(() => Promise.resolve((sha.snapshot().starts['outage-1'] ?? 0) + (sha.snapshot().starts['outage-2'] ?? 0) === 2 ? true : undefined), 10_000);
    sha.unreachable = true;
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    sha.unreachable = false;
    const done = await finished(id, 30_000);
    expect(done.status).toBe('success');
    expect(done.jobs.every((j) => j.status === 'completed' && j.attempt === 1)).toBe(true);
    const starts = sha.snapshot().starts;
    expect(names.map((n) => starts[n])).toEqual([1, 1, 1, 1]);
  }, 90_000);
});
