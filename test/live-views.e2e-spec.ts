import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { CatalogFixtures } from './support/catalog-fixtures';
import { SseClient } from './support/sse-client';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

describe('Views for GUIs: the backup system shapes, everything running, and the change stream', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  beforeAll(
    async () =>
      ({ t, sim, fx, repo } = await startSimulatedEngine(
        { startLatencyMs: 10, jobDurationMs: 1200, totalBytes: 1024 ** 3 },
        { API_TOKEN: 'views-token-1' },
        { listen: true, token: 'views-token-1' },
      )),
  );
  afterAll(() => stopSimulatedEngine(t, sim));

  const auth = { Authorization: 'Bearer views-token-1' };
  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => t.http[method](`/api/v1${path}`).set(auth);
  const finished = (id: string) =>
    waitFor(async () => {
      const body = (await api('get', `/flow-executions/${id}`).expect(200)).body;
      return ['running', 'pending'].includes(body.status) ? undefined : body;
    }, 20_000);

  it('lists machine groups as { groups, total_count, total } with members by state and jobs in flight', async () => {
    const group = await fx.group(['mg-a', 'mg-b', 'mg-c'], 2);
    const off = (await api('get', `/machine-groups/${group}/vms`).expect(200)).body.vms[2].vm_context_id;
    await api('patch', `/machine-groups/${group}/vms/${off}`).send({ enabled: false }).expect(200);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    const execution = (await api('post', `/protection-flows/${flow}/execute`).send({}).expect(202)).body.id;
    const during = await waitFor(async () => {
      const list = (await api('get', '/machine-groups').expect(200)).body;
      const mine = list.groups.find((g: { id: string }) => g.id === group);
      return mine?.active_jobs === 2 ? list : undefined;
    });
    expect(during.total_count).toBe(during.total);
    const mine = during.groups.find((g: { id: string }) => g.id === group);
    expect(mine).toMatchObject({ total_vms: 3, enabled_vms: 2, disabled_vms: 1, active_jobs: 2, max_concurrent_vms: 2 });
    expect(mine).not.toHaveProperty('member_count');
    await finished(execution);
    expect((await api('get', `/machine-groups/${group}`).expect(200)).body.active_jobs).toBe(0);
  });

  it('lists a group’s enabled members in dispatch order, and a VM with its disks and job history', async () => {
    const group = await fx.group(['order-z', 'order-a'], 1);
    const members = (await api('get', `/vm-groups/${group}/members`).expect(200)).body;
    expect(members.count).toBe(2);
    expect(members.members.map((m: { vm_name: string }) => m.vm_name)).toEqual(['order-z', 'order-a']); // by member priority
    expect(Object.keys(members.members[0]).sort()).toEqual(['context_id', 'cpu_count', 'memory_mb', 'os_type', 'power_state', 'vm_name']);
    await api('get', '/vm-groups/no-such-group/members').expect(404);

    const vm = (
      await api('post', '/vm-contexts')
        .send({
          vm_name: 'disky',
          disks: [
            { disk_id: 'd0', size_gb: 40 },
            { disk_id: 'd1', size_gb: 100 },
          ],
        })
        .expect(201)
    ).body.context_id;
    expect((await api('get', `/vm-contexts/${vm}/disks`).expect(200)).body).toEqual({
      disks: [
        { disk_id: 'd0', size_gb: 40 },
        { disk_id: 'd1', size_gb: 100 },
      ],
      count: 2,
    });
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    await finished((await api('post', `/protection-flows/${flow}/execute`).send({}).expect(202)).body.id);
    const detail = (await api('get', `/vm-contexts/by-id/${vm}`).expect(200)).body;
    expect(detail.context).toMatchObject({ context_id: vm, vm_name: 'disky' });
    expect(detail.disks).toHaveLength(2);
    expect(detail.job_history).toEqual([expect.objectContaining({ status: 'completed', backup_type: 'full', bytes_transferred: 1024 ** 3 })]);
    await api('get', '/vm-contexts/by-id/nope').expect(404);
  });

  it('names a repository’s kind `type`, and takes integer ids as numeric strings', async () => {
    const created = (await api('post', '/repositories').send({ name: 'typed', type: 'nfs' }).expect(201)).body;
    expect(created).toMatchObject({ type: 'nfs' });
    expect(created).not.toHaveProperty('repository_type');
    expect(
      (await api('post', '/repositories').send({ name: 'old-shape', repository_type: 'nfs' }).expect(400)).body.details.map((d: { field: string }) => d.field),
    ).toEqual(expect.arrayContaining(['repository_type', 'type']));
    const policy = (await api('post', '/policies').send({ name: 'str-policy' }).expect(201)).body.id;
    const vm = await fx.vm('string-ids');
    const flow = (
      await api('post', '/protection-flows')
        .send({ name: 'string-ids', flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: String(created.id), policy_id: ` ${policy} ` })
        .expect(201)
    ).body;
    expect(flow).toMatchObject({ repository_id: created.id, policy_id: policy });
    const bad = (await api('put', `/protection-flows/${flow.id}`).send({ repository_id: 'three' }).expect(400)).body;
    expect(bad.details).toEqual([expect.objectContaining({ field: 'repository_id' })]);
  });

  it('shows everything running in one call, and each flow’s running execution in the flow list', async () => {
    const flows = [
      await fx.flow({ target_type: 'vm', target_id: await fx.vm('run-all-1'), repository_id: repo }),
      await fx.flow({ target_type: 'vm', target_id: await fx.vm('run-all-2'), repository_id: repo }),
    ];
    const ids: string[] = [];
    for (const flow of flows) ids.push((await api('post', `/protection-flows/${flow}/execute`).send({}).expect(202)).body.id);
    const running = (await api('get', '/flow-executions?status=running&limit=50').expect(200)).body;
    expect(running.executions.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(ids));
    expect(running.executions.every((e: { status: string }) => e.status === 'running')).toBe(true);
    const list = (await api('get', '/protection-flows?limit=500').expect(200)).body.flows;
    const view = list.find((f: { id: string }) => f.id === flows[0]);
    expect(view.status.running_execution).toMatchObject({
      id: ids[0],
      jobs_created: expect.any(Number),
      jobs_completed: 0,
      bytes_transferred: expect.any(Number),
    });
    for (const id of ids) await finished(id);
    expect((await api('get', `/protection-flows/${flows[0]}`).expect(200)).body.status.running_execution).toBeNull();
    expect((await api('get', `/flow-executions?status=running`).expect(200)).body.executions.filter((e: { id: string }) => ids.includes(e.id))).toEqual([]);
  });

  it('streams started → progress → finished in order, resumes after Last-Event-ID, and takes ?access_token=', async () => {
    await api('get', '/events/stream').set('Authorization', 'Bearer wrong-token').expect(401);
    const stream = await SseClient.connect(`${t.url}/api/v1/events/stream?access_token=views-token-1`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const flow = await fx.flow({ target_type: 'group', target_id: await fx.group(['sse-1', 'sse-2'], 1), repository_id: repo });
    await stream.next((e) => e.event === 'flow.created' && e.data.flow_id === flow);
    const execution = (await api('post', `/protection-flows/${flow}/execute`).send({}).expect(202)).body.id;
    const mine = (name: string) => (e: { event: string; data: Record<string, unknown> }) => e.event === name && e.data.execution_id === execution;
    const started = await stream.next(mine('execution.started'));
    const progress = await stream.next(mine('execution.progress'));
    const done = await stream.next(mine('execution.finished'), 20_000);
    expect(started.id).toBeLessThan(progress.id);
    expect(progress.id).toBeLessThan(done.id);
    expect(done.data).toMatchObject({ flow_id: flow, outcome: 'success' });
    expect(stream.events.filter(mine('execution.progress')).map((e) => e.data.jobs_completed)).toEqual([1, 2]);
    const jobs = stream.events.filter(mine('job.updated'));
    expect(jobs.some((e) => e.data.status === 'completed' && e.data.vm_name === 'sse-1')).toBe(true);
    stream.close();

    const resumed = await SseClient.connect(`${t.url}/api/v1/events/stream`, { ...auth, 'Last-Event-ID': String(started.id) });
    await resumed.next(mine('execution.finished'));
    expect(resumed.events[0].id).toBeGreaterThan(started.id);
    expect(resumed.events.find(mine('execution.started'))).toBeUndefined();
    resumed.close();
  });
});

describe('CORS', () => {
  let t: TestApp;
  afterEach(() => stopTestApp(t));

  it('answers a browser preflight from an allowed origin, and nothing for others or when unset', async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://gui.example.com, http://localhost:5173' });
    const preflight = await t.http
      .options('/api/v1/protection-flows')
      .set('Origin', 'https://gui.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://gui.example.com');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const other = await t.http.get('/api/v1/protection-flows').set('Origin', 'https://evil.example.com').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await stopTestApp(t);
    t = await startTestApp();
    const none = await t.http.get('/api/v1/protection-flows').set('Origin', 'https://gui.example.com').expect(200);
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });
});
