import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { sqlTimestamp } from '../src/database/dialect';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { TestApp, waitFor } from './support/test-app';

const MB = 1024 ** 2;

interface Execution {
  id: string;
  flow_id: string;
  flow_name: string | null;
  status: string;
  execution_type: string;
  retry_of_execution_id: string | null;
  jobs: Array<{ vm_name: string; status: string }>;
}

describe('What an operator asks every day: retry, history across flows, trends, coverage', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  beforeAll(async () => ({ t, sim, fx, repo } = await startSimulatedEngine({ startLatencyMs: 10, jobDurationMs: 200, totalBytes: 64 * MB })));
  afterAll(() => stopSimulatedEngine(t, sim));
  beforeEach(() => {
    sim.options.failMidJobVms = [];
    sim.options.failStartVms = [];
  });

  const api = (path: string) => `/api/v1${path}`;
  const get = async (id: string): Promise<Execution> => (await t.http.get(api(`/flow-executions/${id}`)).expect(200)).body;
  const finished = (id: string) =>
    waitFor(
      async () => {
        const body = await get(id);
        return ['running', 'pending'].includes(body.status) ? undefined : body;
      },
      30_000,
      `execution ${id} to end`,
    );
  const run = async (flowId: string) =>
    finished(
      (
        await t.http
          .post(api(`/protection-flows/${flowId}/execute`))
          .send({})
          .expect(202)
      ).body.id,
    );

  it('retries only the VMs that failed, as a linked run, and refuses when there is nothing to retry', async () => {
    const group = await fx.group(['rt-ok', 'rt-bad-1', 'rt-bad-2'], 3);
    const flow = await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    sim.options.failMidJobVms = ['rt-bad-1', 'rt-bad-2'];
    const first = await run(flow);
    expect(first.status).toBe('warning');

    sim.options.failMidJobVms = [];
    const retry = await t.http
      .post(api(`/flow-executions/${first.id}/retry`))
      .set('X-Actor', 'alice')
      .expect(202);
    expect(retry.body).toMatchObject({ execution_type: 'retry', retry_of_execution_id: first.id, triggered_by: 'alice' });
    const second = await finished(retry.body.id);
    expect(second.status).toBe('success');
    expect(second.jobs.map((j) => j.vm_name).sort()).toEqual(['rt-bad-1', 'rt-bad-2']);

    const nothing = await t.http.post(api(`/flow-executions/${second.id}/retry`)).expect(409);
    expect(nothing.body.error).toMatch(/Nothing to retry/);
    await t.http.post(api('/flow-executions/no-such-run/retry')).expect(404);

    const retries = await t.http.get(api(`/flow-executions?execution_type=retry&flow_id=${flow}`)).expect(200);
    expect(retries.body.executions.map((e: Execution) => e.id)).toEqual([second.id]);
  });

  it('refuses a retry while the run is going, naming the flow when another run holds it', async () => {
    const vm = await fx.vm('rt-busy');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    sim.options.failMidJobVms = ['rt-busy'];
    const failed = await run(flow);
    sim.options.failMidJobVms = [];
    sim.options.jobDurationMs = 3_000;
    try {
      const going = (
        await t.http
          .post(api(`/protection-flows/${flow}/execute`))
          .send({})
          .expect(202)
      ).body.id;
      const refused = await t.http.post(api(`/flow-executions/${going}/retry`)).expect(409);
      expect(refused.body.error).toMatch(/still running/);
      const busy = await t.http.post(api(`/flow-executions/${failed.id}/retry`)).expect(409);
      expect(busy.body.error).toMatch(/^Protection flow "flow-.*" is already running/);
      expect(busy.body.details[0].records[0]).toMatchObject({ kind: 'flow_execution', id: going });
      await finished(going);
    } finally {
      sim.options.jobDurationMs = 200;
    }
  });

  it('lists runs of every flow by status, trigger, flow and time, newest first, page by page', async () => {
    const vm = await fx.vm('hist-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    const runs = [await run(flow), await run(flow), await run(flow)];
    const page1 = await t.http.get(api(`/flow-executions?flow_id=${flow}&limit=2`)).expect(200);
    expect(page1.body.total).toBe(3);
    expect(page1.body.executions.map((e: Execution) => e.id)).toEqual([runs[2].id, runs[1].id]);
    expect(page1.body.executions[0].flow_name).toMatch(/^flow-/);
    const page2 = await t.http.get(api(`/flow-executions?flow_id=${flow}&limit=2&cursor=${page1.body.next_cursor}`)).expect(200);
    expect(page2.body.executions.map((e: Execution) => e.id)).toEqual([runs[0].id]);

    const both = await t.http.get(api(`/flow-executions?flow_id=${flow}&status=success&status=error`)).expect(200);
    expect(both.body.total).toBe(3);
    const commas = await t.http.get(api(`/flow-executions?flow_id=${flow}&status=running,cancelled`)).expect(200);
    expect(commas.body.total).toBe(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await t.http.get(api(`/flow-executions?flow_id=${flow}&from=${future}`)).expect(200)).body.total).toBe(0);
    const upsideDown = await t.http.get(api(`/flow-executions?from=${future}&to=2020-01-01T00:00:00Z`)).expect(400);
    expect(upsideDown.body.error).toMatch(/"From" must be before "to"/);
    const bad = await t.http.get(api('/flow-executions?status=exploded')).expect(400);
    expect(bad.body.details[0].problems[0]).toMatch(/^Status may only hold: pending, running/);
  });

  it('reports runs per day of a zone by result, bytes moved and the slowest flows, computed by the database', async () => {
    const vm = await fx.vm('report-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo });
    await run(flow);
    sim.options.failMidJobVms = ['report-vm'];
    await run(flow);
    const to = new Date(Date.now() + 60_000);
    const from = new Date(to.getTime() - 3 * 86_400_000);
    const report = await t.http.get(api(`/reports/runs?from=${from.toISOString()}&to=${to.toISOString()}&tz=Asia/Kolkata`)).expect(200);
    expect(report.body).toMatchObject({ bucket: 'day', timezone: 'Asia/Kolkata' });
    expect(report.body.buckets.length).toBeGreaterThanOrEqual(3);
    expect(report.body.buckets.length).toBeLessThanOrEqual(4);
    const today = report.body.buckets[report.body.buckets.length - 1];
    expect(today.label).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date()));
    expect(today.runs.success).toBeGreaterThanOrEqual(1);
    expect(today.runs.error).toBeGreaterThanOrEqual(1);
    expect(report.body.totals.bytes_transferred).toBeGreaterThanOrEqual(64 * MB);
    expect(report.body.totals.success_rate).toBeGreaterThan(0);
    expect(report.body.totals.success_rate).toBeLessThan(1);
    const mine = report.body.flows.find((f: { flow_id: string }) => f.flow_id === flow);
    expect(mine).toMatchObject({ runs: 2 });

    const hourly = await t.http.get(api(`/reports/runs?bucket=hour&from=${new Date(Date.now() - 10 * 86_400_000).toISOString()}`)).expect(400);
    expect(hourly.body.error).toMatch(/Hourly buckets cover at most 7 days/);
    const badZone = (await t.http.get(api('/reports/runs?tz=Mars/Olympus')).expect(400)).body;
    expect(badZone.details).toEqual([{ field: 'tz', problems: [expect.stringContaining('IANA time zone name')] }]);
    expect(badZone.error).toMatch(/Time zone/);
    const day = await t.http.get(api(`/reports/runs?from=${new Date(Date.now() - 86_400_000).toISOString()}`)).expect(200);
    expect(day.body.bucket).toBe('hour');
    expect(day.body.buckets.length).toBe(24 + 1);
  });

  it('says which VMs no flow protects, when each was last backed up, and which backups are stale', async () => {
    const covered = await fx.vm('cov-covered');
    const alone = await fx.vm('cov-alone');
    const group = await fx.group(['cov-member'], 1);
    const schedule = (await t.http.post(api('/schedules')).send({ name: 'cov-nightly', cron_expression: '0 3 * * *' }).expect(201)).body.id;
    const flow = await fx.flow({ target_type: 'vm', target_id: covered, repository_id: repo, schedule_id: schedule, enabled: false });
    await fx.flow({ target_type: 'group', target_id: group, repository_id: repo });
    const list = async (query: string) =>
      (await t.http.get(api(`/vm-contexts?search=cov-&${query}`)).expect(200)).body as {
        vm_contexts: Array<{ vm_name: string; coverage: { protection: string; last_backup_at: string | null; protected_by: Array<{ name: string }> } }>;
        total: number;
      };
    const names = async (protection: string) => (await list(`protection=${protection}`)).vm_contexts.map((v) => v.vm_name);

    expect(await names('unprotected')).toEqual(['cov-alone', 'cov-covered']);
    await t.http.patch(api(`/protection-flows/${flow}/enable`)).expect(200);
    expect(await names('unprotected')).toEqual(['cov-alone']);
    expect(await names('protected')).toEqual(['cov-covered', 'cov-member']);

    // A nightly flow that has existed for 3 days (its schedule allows 30 hours) with no backup yet: stale.
    await t.dataSource.query(`UPDATE protection_flows SET created_at = ? WHERE id = ?`, [sqlTimestamp(new Date(Date.now() - 3 * 86_400_000)), flow]);
    expect(await names('stale')).toEqual(['cov-covered']);
    const all = await list('');
    const covView = all.vm_contexts.find((v) => v.vm_name === 'cov-covered');
    expect(covView?.coverage).toMatchObject({ protection: 'stale', last_backup_at: null });
    expect(covView?.coverage.protected_by.map((f) => f.name)).toHaveLength(1);

    await run(flow);
    expect(await names('stale')).toEqual([]);
    const fresh = (await t.http.get(api(`/vm-contexts/${covered}`)).expect(200)).body;
    expect(fresh.coverage.protection).toBe('protected');
    expect(new Date(fresh.coverage.last_backup_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(alone).toBeTruthy();
  });

  it('sorts and filters the flows by last result and next run, and acts on every flow a filter selects', async () => {
    const prefix = `sort-${Date.now().toString(36)}`;
    const vm = await fx.vm(`${prefix}-vm`);
    const nightly = (
      await t.http
        .post(api('/schedules'))
        .send({ name: `${prefix}-nightly`, cron_expression: '0 3 * * *', timezone: 'Europe/Berlin' })
        .expect(201)
    ).body.id;
    const make = async (suffix: string, extra: Record<string, unknown> = {}) =>
      (
        await t.http
          .post(api('/protection-flows'))
          .send({ name: `${prefix}-${suffix}`, flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: repo, ...extra })
          .expect(201)
      ).body.id as string;
    const ok = await make('a-ok');
    const bad = await make('b-bad');
    await make('c-never', { schedule_id: nightly });
    await run(ok);
    sim.options.failMidJobVms = [`${prefix}-vm`];
    await run(bad);
    sim.options.failMidJobVms = [];

    const names = async (query: string) =>
      (
        (await t.http.get(api(`/protection-flows?search=${prefix}&${query}`)).expect(200)).body.flows as Array<{
          name: string;
          schedule_timezone: string | null;
        }>
      ).map((f) => f.name);
    expect(await names('sort=last_result')).toEqual([`${prefix}-b-bad`, `${prefix}-a-ok`, `${prefix}-c-never`]);
    expect(await names('sort=last_result&order=desc')).toEqual([`${prefix}-c-never`, `${prefix}-a-ok`, `${prefix}-b-bad`]);
    expect(await names('last_result=failed')).toEqual([`${prefix}-b-bad`]);
    expect(await names('last_result=never_run')).toEqual([`${prefix}-c-never`]);
    expect((await names('sort=next_run'))[0]).toBe(`${prefix}-c-never`);

    const first = await t.http.get(api(`/protection-flows?search=${prefix}&sort=last_run&order=desc&limit=1`)).expect(200);
    expect(first.body.flows[0].name).toBe(`${prefix}-b-bad`);
    const second = await t.http.get(api(`/protection-flows?search=${prefix}&sort=last_run&order=desc&limit=1&cursor=${first.body.next_cursor}`)).expect(200);
    expect(second.body.flows[0].name).toBe(`${prefix}-a-ok`);
    const third = await t.http.get(api(`/protection-flows?search=${prefix}&sort=last_run&order=desc&limit=1&cursor=${second.body.next_cursor}`)).expect(200);
    expect(third.body.flows[0]).toMatchObject({ name: `${prefix}-c-never`, schedule_timezone: 'Europe/Berlin' });
    expect(third.body.next_cursor).toBeNull();
    await t.http.get(api(`/protection-flows?search=${prefix}&sort=name&cursor=${second.body.next_cursor}`)).expect(400);
    // A cursor that was tampered with is the caller's mistake (400), never the engine's (500).
    const forged = (sort: string) => Buffer.from(JSON.stringify({ sort, order: 'asc', value: 'not-a-key', name: 'x' })).toString('base64url');
    for (const sort of ['next_run', 'last_run', 'last_result']) {
      const res = await t.http.get(api(`/protection-flows?sort=${sort}&cursor=${forged(sort)}`)).expect(400);
      expect(res.body.error).toMatch(/cursor is not one this list gave out/);
    }

    const bulk = await t.http
      .post(api('/protection-flows/bulk-disable'))
      .send({ match: { search: prefix } })
      .expect(200);
    expect(bulk.body).toMatchObject({ requested: 3, successful: 3, failed: 0 });
    expect(await names('enabled=true')).toEqual([]);
    await t.http
      .post(api('/protection-flows/bulk-enable'))
      .send({ match: { search: prefix }, flow_ids: [ok] })
      .expect(400);
  });

  it("counts today in the viewer's zone and says which day that is", async () => {
    const kiritimati = await t.http.get(api('/protection-flows/summary?tz=Pacific/Kiritimati')).expect(200);
    expect(kiritimati.body.today).toMatchObject({
      timezone: 'Pacific/Kiritimati',
      date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date()),
    });
    const utc = await t.http.get(api('/protection-flows/summary')).expect(200);
    expect(utc.body.today.timezone).toBe('UTC');
    expect(new Date(utc.body.today.since).getUTCHours()).toBe(0);
    await t.http.get(api('/protection-flows/summary?tz=Nowhere/Else')).expect(400);
  });

  it('answers bad input with every problem at once, by label, and names what is in use', async () => {
    const vm = await t.http.post(api('/vm-contexts')).send({ cpu_count: 0 }).expect(400);
    expect(vm.body.details).toEqual([
      { field: 'vm_name', problems: ['VM name is required'] },
      { field: 'cpu_count', problems: ['CPUs must be at least 1'] },
    ]);
    expect(vm.body.error).toBe('Please correct these 2 problems: VM name is required; CPUs must be at least 1');

    const flow = await t.http.post(api('/protection-flows')).send({ flow_type: 'backup', target_type: 'vm' }).expect(400);
    expect(flow.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['name', 'repository_id', 'target_id']);
    expect(flow.body.error).toMatch(/Repository is required for a backup flow/);

    const inUse = await fx.repository();
    const user = await fx.flow({ target_type: 'vm', target_id: await fx.vm('in-use-vm'), repository_id: inUse });
    const refused = await t.http.delete(api(`/repositories/${inUse}`)).expect(409);
    expect(refused.body.error).toMatch(/^Repository "repo-.*" is used by 1 protection flow: "flow-.*"; give it another repository first$/);
    expect(refused.body.details[0].records).toEqual([expect.objectContaining({ kind: 'protection_flow', id: user })]);
  });
});
