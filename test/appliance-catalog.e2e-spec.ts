import { ShaCatalog } from '../src/backup-client/simulator/sha-catalog';
import { ShaBackupSimulator } from '../src/backup-client/simulator/sha-simulator';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

const GROUP_A = '11111111-1111-4111-8111-111111111111';
const GROUP_B = '22222222-2222-4222-8222-222222222222';
const ctx = (vm: string) => `ctx-${vm}-20260101-000000`;
const vm = (name: string) => ({
  context_id: ctx(name),
  vm_name: name,
  vcenter_host: 'vc.example',
  cpu_count: 2,
  memory_mb: 4096,
  os_type: 'linux',
  power_state: 'poweredOn',
});

function applianceCatalog(): ShaCatalog {
  return {
    vms: [vm('app-01'), vm('app-02'), vm('db-01'), vm('lonely-01')],
    groups: [
      {
        id: GROUP_A,
        name: 'apps',
        description: 'web tier',
        max_concurrent_vms: 2,
        priority: 1,
        members: [
          { vm_context_id: ctx('app-01'), enabled: true, priority: 0 },
          { vm_context_id: ctx('app-02'), enabled: true, priority: 1 },
        ],
      },
      {
        id: GROUP_B,
        name: 'databases',
        description: null,
        max_concurrent_vms: 1,
        priority: 2,
        members: [{ vm_context_id: ctx('db-01'), enabled: true, priority: 0 }],
      },
    ],
    repositories: [
      { id: 'repo-nfs-1728000000', name: 'appliance-nfs', type: 'nfs', enabled: true, is_immutable: false, config: { path: '/nfs' }, min_retention_days: 7 },
    ],
  };
}

interface SyncAnswer {
  outcome: string;
  error: string | null;
  counts: { added: Record<string, number>; updated: Record<string, number>; removed: Record<string, number>; missing: Record<string, number> } | null;
}

describe('Appliance mode: the catalog comes from the Sendense appliance', () => {
  let t: TestApp;
  let sha: ShaBackupSimulator;
  let repository: number;

  beforeAll(async () => {
    sha = new ShaBackupSimulator({ startLatencyMs: 10, jobDurationMs: 300, totalBytes: 1024, catalog: applianceCatalog() });
    t = await startTestApp({
      BACKUP_API_KIND: 'sha',
      BACKUP_API_URL: await sha.listen(),
      CATALOG_SOURCE: 'appliance',
      CATALOG_SYNC_INTERVAL_MS: '600000',
      JOB_POLL_INTERVAL_MS: '100',
      SCHEDULER_ENABLED: 'false',
    });
  });
  afterAll(async () => {
    await stopTestApp(t);
    await sha.close();
  });

  const sync = async (): Promise<SyncAnswer> => (await t.http.post('/api/v1/catalog/sync').expect(200)).body as SyncAnswer;
  const finished = (id: string) =>
    waitFor(async () => {
      const body = (await t.http.get(`/api/v1/flow-executions/${id}`).expect(200)).body as { status: string; jobs: Array<{ vm_name: string; status: string }> };
      return body.status === 'running' ? undefined : body;
    });

  it('imports VMs, groups with their members and repositories, keeping the appliance ids', async () => {
    await waitFor(async () => ((await t.http.get('/api/v1/catalog/sync').expect(200)).body.last_sync ? true : undefined), 10_000, 'the start-up sync');
    const status = (await t.http.get('/api/v1/catalog/sync').expect(200)).body;
    expect(status).toMatchObject({
      source: 'appliance',
      interval_ms: 600000,
      last_sync: { trigger: 'start', outcome: 'succeeded' },
      last_success_at: expect.any(String),
    });
    expect(status.last_sync.counts).toMatchObject({
      added: { vm_contexts: 4, groups: 2, memberships: 3, repositories: 1 },
      removed: { vm_contexts: 0, groups: 0, memberships: 0, repositories: 0 },
    });
    const vms = (await t.http.get('/api/v1/vm-contexts').expect(200)).body.vm_contexts;
    expect(vms.map((v: { context_id: string }) => v.context_id).sort()).toEqual([ctx('app-01'), ctx('app-02'), ctx('db-01'), ctx('lonely-01')]);
    expect(vms[0]).toMatchObject({ source: 'appliance', missing_since: null, vcenter_host: 'vc.example', last_seen_at: expect.any(String) });
    const groups = (await t.http.get('/api/v1/machine-groups').expect(200)).body.groups;
    expect(groups.map((g: { id: string; name: string; total_vms: number }) => [g.id, g.name, g.total_vms])).toEqual([
      [GROUP_A, 'apps', 2],
      [GROUP_B, 'databases', 1],
    ]);
    const repositories = (await t.http.get('/api/v1/repositories').expect(200)).body.repositories;
    expect(repositories).toEqual([expect.objectContaining({ name: 'appliance-nfs', external_id: 'repo-nfs-1728000000', source: 'appliance', type: 'nfs' })]);
    repository = repositories[0].id;
  });

  it('writes nothing when nothing changed', async () => {
    const before = (await t.http.get(`/api/v1/vm-contexts/${ctx('app-01')}`).expect(200)).body;
    const answer = await sync();
    expect(answer.outcome).toBe('succeeded');
    for (const kind of ['added', 'updated', 'removed'] as const) expect(Object.values(answer.counts?.[kind] ?? {})).toEqual([0, 0, 0, 0]);
    expect((await t.http.get(`/api/v1/vm-contexts/${ctx('app-01')}`).expect(200)).body.updated_at).toBe(before.updated_at);
  });

  it("refuses changes to the appliance's records (409 saying whose they are); schedules, policies and flows stay the engine's", async () => {
    const refusals = [
      await t.http.put(`/api/v1/vm-contexts/${ctx('app-01')}`).send({ os_type: 'bsd' }),
      await t.http.delete(`/api/v1/vm-contexts/${ctx('app-01')}`),
      await t.http.put(`/api/v1/machine-groups/${GROUP_A}`).send({ max_concurrent_vms: 9 }),
      await t.http.post(`/api/v1/machine-groups/${GROUP_A}/vms`).send({ vm_context_id: ctx('db-01') }),
      await t.http.delete(`/api/v1/machine-groups/${GROUP_A}/vms/${ctx('app-01')}`),
      await t.http.put(`/api/v1/repositories/${repository}`).send({ enabled: false }),
    ];
    for (const res of refusals) {
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 409,
        error: expect.stringMatching(/belongs to the Sendense appliance.*change it there/),
      });
    }
    expect(refusals[0].body.error).toContain('VM "app-01"');
    await t.http.post('/api/v1/schedules').send({ name: 'engine-nightly', cron_expression: '0 1 * * *' }).expect(201);
    await t.http.post('/api/v1/policies').send({ name: 'engine-30d', retention_days: 30 }).expect(201);
  });

  it("follows membership changes into the group's next run", async () => {
    const flow = (
      await t.http
        .post('/api/v1/protection-flows')
        .send({ name: 'apps-nightly', flow_type: 'backup', target_type: 'group', target_id: GROUP_A, repository_id: repository })
        .expect(201)
    ).body.id;
    const first = await finished((await t.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(202)).body.id);
    expect(first.jobs.map((j) => j.vm_name).sort()).toEqual(['app-01', 'app-02']);

    // On the appliance: a new VM joins the group, app-01 is disabled in it.
    sha.catalog.catalog.vms.push(vm('app-03'));
    sha.catalog.catalog.groups[0].members = [
      { vm_context_id: ctx('app-01'), enabled: false, priority: 0 },
      { vm_context_id: ctx('app-02'), enabled: true, priority: 1 },
      { vm_context_id: ctx('app-03'), enabled: true, priority: 2 },
    ];
    const answer = await sync();
    expect(answer.counts).toMatchObject({ added: { vm_contexts: 1, memberships: 1 }, updated: { memberships: 1 } });
    const second = await finished((await t.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(202)).body.id);
    expect(second.jobs.map((j) => j.vm_name).sort()).toEqual(['app-02', 'app-03']);
    expect(second.jobs.every((j) => j.status === 'completed')).toBe(true);
  });

  it('keeps a vanished VM that flows or history refer to, marked missing (its flow refuses to run, naming it); removes one nothing refers to', async () => {
    const flow = (
      await t.http
        .post('/api/v1/protection-flows')
        .send({ name: 'db-only', flow_type: 'backup', target_type: 'vm', target_id: ctx('db-01'), repository_id: repository })
        .expect(201)
    ).body.id;
    sha.catalog.catalog.vms = sha.catalog.catalog.vms.filter((v) => v.vm_name !== 'db-01' && v.vm_name !== 'lonely-01');
    sha.catalog.catalog.groups[1].members = [];
    const answer = await sync();
    expect(answer.counts).toMatchObject({ removed: { vm_contexts: 1, memberships: 1 }, missing: { vm_contexts: 1 } });
    await t.http.get(`/api/v1/vm-contexts/${ctx('lonely-01')}`).expect(404);
    const kept = (await t.http.get(`/api/v1/vm-contexts/${ctx('db-01')}`).expect(200)).body;
    expect(kept.missing_since).toEqual(expect.any(String));
    const dryRun = (await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body;
    expect(dryRun.valid).toBe(false);
    expect(dryRun.errors.join(' ')).toMatch(/VM "db-01" is missing from the Sendense appliance/);
    const refused = await t.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(422);
    expect(refused.body.error).toMatch(/VM "db-01" is missing from the Sendense appliance/);
    // Back on the appliance: no longer missing.
    sha.catalog.catalog.vms.push(vm('db-01'));
    expect((await sync()).counts).toMatchObject({ updated: { vm_contexts: 1 } });
    expect((await t.http.get(`/api/v1/vm-contexts/${ctx('db-01')}`).expect(200)).body.missing_since).toBeNull();
  });

  it('changes nothing when the appliance does not answer, answers an error or answers a partial list; says so in /catalog/sync, /health/ready and /metrics', async () => {
    const count = async () => (await t.http.get('/api/v1/vm-contexts').expect(200)).body.total as number;
    const before = await count();
    for (const fault of ['unreachable', 'error', 'partial'] as const) {
      sha.catalog.fault = fault;
      const answer = await sync();
      expect({ fault, outcome: answer.outcome, counts: answer.counts }).toEqual({ fault, outcome: 'failed', counts: null });
      expect(answer.error).toEqual(expect.any(String));
      expect(await count()).toBe(before);
    }
    expect((await sync()).error).toMatch(/partial answer is not applied/);
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body.failing).toContain('catalog_sync');
    expect(ready.body.checks.catalog_sync.detail).toMatch(/last sync of the appliance's catalog failed/);
    expect((await t.http.get('/api/v1/catalog/sync').expect(200)).body.last_sync).toMatchObject({ outcome: 'failed', error: expect.any(String) });
    expect((await t.http.get('/metrics').expect(200)).text).toMatch(/^catalog_syncs_total\{outcome="failed"\} [4-9]/m);
    sha.catalog.fault = null;
    expect((await sync()).outcome).toBe('succeeded');
    expect((await t.http.get('/health/ready')).body.checks.catalog_sync.ok).toBe(true);
  });
});

describe('A local catalog', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'false' });
  });
  afterAll(() => stopTestApp(t));

  it('has nothing to sync (409) and says where its catalog lives', async () => {
    const res = await t.http.post('/api/v1/catalog/sync').expect(409);
    expect(res.body.error).toMatch(/CATALOG_SOURCE=local/);
    expect((await t.http.get('/api/v1/catalog/sync').expect(200)).body).toEqual({ source: 'local', interval_ms: null, last_sync: null, last_success_at: null });
  });
});
