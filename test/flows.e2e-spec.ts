import { countQueries } from './support/query-counter';
import { startTestApp, stopTestApp, TestApp } from './support/test-app';

describe('Protection flows API', () => {
  let t: TestApp;
  let repoId: number;
  let policyId: number;
  let scheduleId: string;
  let vmId: string;
  let groupId: string;

  const post = (path: string, body: object) => t.http.post(`/api/v1${path}`).send(body);
  const flowBody = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    flow_type: 'backup',
    target_type: 'vm',
    target_id: vmId,
    repository_id: repoId,
    ...extra,
  });
  const createFlow = (name: string, extra: Record<string, unknown> = {}) => post('/protection-flows', flowBody(name, extra));

  beforeAll(async () => {
    t = await startTestApp();
    repoId = (await post('/repositories', { name: 'primary', type: 'local' }).expect(201)).body.id;
    policyId = (await post('/policies', { name: 'thirty-days', retention_days: 30 }).expect(201)).body.id;
    scheduleId = (await post('/schedules', { name: 'nightly', cron_expression: '0 2 * * *', timezone: 'Europe/London' }).expect(201)).body.id;
    vmId = (await post('/vm-contexts', { vm_name: 'pgtest1' }).expect(201)).body.context_id;
    groupId = (await post('/machine-groups', { name: 'databases', max_concurrent_vms: 2 }).expect(201)).body.id;
  });
  afterAll(() => stopTestApp(t));

  describe('create and read', () => {
    it('creates a flow and answers with every column, nested status and resolved names', async () => {
      const res = await t.http
        .post('/api/v1/protection-flows')
        .set('X-Actor', 'operator@example')
        .send(flowBody('Nightly pgtest1', { description: 'db vm', policy_id: policyId, schedule_id: scheduleId }))
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Nightly pgtest1',
        description: 'db vm',
        flow_type: 'backup',
        target_type: 'vm',
        target_id: vmId,
        repository_id: repoId,
        policy_id: policyId,
        schedule_id: scheduleId,
        destination_type: null,
        destination_config: null,
        enabled: true,
        created_by: 'operator@example',
        target_name: 'pgtest1',
        repository_name: 'primary',
        policy_name: 'thirty-days',
        schedule_name: 'nightly',
        schedule_cron: '0 2 * * *',
        status: {
          last_execution_id: null,
          last_execution_status: 'pending',
          last_execution_time: null,
          total_executions: 0,
          successful_executions: 0,
          failed_executions: 0,
        },
      });
      expect(res.body).not.toHaveProperty('total_executions');
      const next = new Date(res.body.status.next_execution_time);
      const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(next);
      expect(london).toBe('02:00');
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime()).toBeLessThanOrEqual(Date.now() + 25 * 3600_000);

      const got = await t.http.get(`/api/v1/protection-flows/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('creates group flows and replication flows, and defaults created_by to system', async () => {
      const group = await createFlow('Group flow', { target_type: 'group', target_id: groupId }).expect(201);
      expect(group.body).toMatchObject({ target_name: 'databases', created_by: 'system', status: { next_execution_time: null } });
      const repl = await post('/protection-flows', {
        name: 'Replicate pgtest1',
        flow_type: 'replication',
        target_type: 'vm',
        target_id: vmId,
        destination_type: 'vmware',
        destination_config: { datastore: 'ds1' },
      }).expect(201);
      expect(repl.body).toMatchObject({ repository_id: null, repository_name: null, destination_type: 'vmware', destination_config: { datastore: 'ds1' } });
    });
  });

  describe('validation', () => {
    const fieldsOf = (body: { details: Array<{ field: string }> }) => body.details.map((d) => d.field).sort();

    it('reports malformed fields with 400, naming each', async () => {
      const res = await post('/protection-flows', {
        name: '',
        flow_type: 'snapshot',
        target_type: 'host',
        target_id: 5,
        destination_config: 'x',
        colour: 1,
      }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['colour', 'destination_config', 'flow_type', 'name', 'target_id', 'target_type']);
      expect(fieldsOf((await createFlow('x'.repeat(256)).expect(400)).body)).toEqual(['name']);
    });

    it('requires a repository for backup and a destination for replication', async () => {
      const backup = await createFlow('needs repo', { repository_id: undefined }).expect(400);
      expect(fieldsOf(backup.body)).toEqual(['repository_id']);
      const repl = await post('/protection-flows', { name: 'needs dest', flow_type: 'replication', target_type: 'vm', target_id: vmId }).expect(400);
      expect(fieldsOf(repl.body)).toEqual(['destination_type']);
    });

    it('refuses references to records that do not exist with 422, naming each', async () => {
      const res = await createFlow('dangling', { target_id: 'no-vm', repository_id: 9999, policy_id: 9999, schedule_id: 'no-schedule' }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['policy_id', 'repository_id', 'schedule_id', 'target_id']);
      const group = await createFlow('dangling group', { target_type: 'group', target_id: vmId }).expect(422);
      expect(group.body.details[0].problems[0]).toBe(`The protection group (ID ${vmId}) does not exist; pick another target`);
    });

    it('refuses a duplicate name, also when two creates race', async () => {
      await createFlow('unique-name').expect(201);
      expect((await createFlow('unique-name').expect(409)).body.error).toBe('A protection flow named "unique-name" already exists');
      const results = await Promise.all([createFlow('race'), createFlow('race')]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });

  describe('update, enable, disable, delete', () => {
    it('updates partially; null clears optional references and the next run', async () => {
      const id = (await createFlow('editable', { policy_id: policyId, schedule_id: scheduleId }).expect(201)).body.id;
      const renamed = await t.http.put(`/api/v1/protection-flows/${id}`).send({ name: 'edited', description: 'changed' }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'edited', description: 'changed', policy_id: policyId, schedule_id: scheduleId });
      expect(renamed.body.status.next_execution_time).not.toBeNull();

      const cleared = await t.http.put(`/api/v1/protection-flows/${id}`).send({ policy_id: null, schedule_id: null, description: null }).expect(200);
      expect(cleared.body).toMatchObject({ policy_id: null, policy_name: null, schedule_id: null, schedule_name: null, description: null });
      expect(cleared.body.status.next_execution_time).toBeNull();

      await t.http.put(`/api/v1/protection-flows/${id}`).send({ repository_id: null }).expect(400);
      await t.http.put(`/api/v1/protection-flows/${id}`).send({ name: null }).expect(400);
      await t.http.put(`/api/v1/protection-flows/${id}`).send({ target_id: 'nowhere' }).expect(422);
      await t.http.put('/api/v1/protection-flows/missing').send({ name: 'x' }).expect(404);
      expect((await t.http.get(`/api/v1/protection-flows/${id}`).expect(200)).body.name).toBe('edited');
    });

    it('keeps next_execution_time true through enable, disable and schedule changes', async () => {
      const sched = (await post('/schedules', { name: 'hourly-ny', cron_expression: '@hourly', timezone: 'America/New_York' }).expect(201)).body.id;
      const id = (await createFlow('timed', { schedule_id: sched }).expect(201)).body.id;
      const next = async () => (await t.http.get(`/api/v1/protection-flows/${id}`).expect(200)).body.status.next_execution_time as string | null;
      expect(new Date((await next()) as string).getUTCMinutes()).toBe(0);

      expect((await t.http.patch(`/api/v1/protection-flows/${id}/disable`).expect(200)).body).toMatchObject({
        enabled: false,
        status: { next_execution_time: null },
      });
      const enabled = await t.http.patch(`/api/v1/protection-flows/${id}/enable`).expect(200);
      expect(enabled.body.status.next_execution_time).not.toBeNull();

      await t.http.put(`/api/v1/schedules/${sched}`).send({ cron_expression: '30 * * * *' }).expect(200);
      expect(new Date((await next()) as string).getUTCMinutes()).toBe(30);
      await t.http.put(`/api/v1/schedules/${sched}`).send({ enabled: false }).expect(200);
      expect(await next()).toBeNull();
      await t.http.put(`/api/v1/schedules/${sched}`).send({ enabled: true }).expect(200);
      expect(await next()).not.toBeNull();

      await t.http.delete(`/api/v1/schedules/${sched}`).expect(409);
      await t.http.delete(`/api/v1/schedules/${sched}?detach=true`).expect(204);
      const detached = await t.http.get(`/api/v1/protection-flows/${id}`).expect(200);
      expect(detached.body).toMatchObject({ schedule_id: null, schedule_name: null, status: { next_execution_time: null } });
    });

    it('deletes a flow', async () => {
      const id = (await createFlow('doomed').expect(201)).body.id;
      await t.http.delete(`/api/v1/protection-flows/${id}`).expect(204);
      await t.http.get(`/api/v1/protection-flows/${id}`).expect(404);
      await t.http.delete(`/api/v1/protection-flows/${id}`).expect(404);
      await t.http.patch(`/api/v1/protection-flows/${id}/enable`).expect(404);
    });
  });

  describe('status, executions, test', () => {
    it('gives the status object with the next five runs', async () => {
      const id = (await createFlow('with-status', { schedule_id: scheduleId }).expect(201)).body.id;
      const res = await t.http.get(`/api/v1/protection-flows/${id}/status`).expect(200);
      expect(res.body).toMatchObject({ last_execution_status: 'pending', total_executions: 0 });
      expect(res.body.next_runs).toHaveLength(5);
      expect(res.body.next_runs[0]).toBe(res.body.next_execution_time);
      await t.http.get('/api/v1/protection-flows/missing/status').expect(404);
    });

    it('lists executions (none yet) and 404s for an unknown flow', async () => {
      const id = (await createFlow('no-runs').expect(201)).body.id;
      expect((await t.http.get(`/api/v1/protection-flows/${id}/executions`).expect(200)).body).toEqual({ executions: [], total: 0, next_cursor: null });
      await t.http.get(`/api/v1/protection-flows/${id}/executions?status=exploded`).expect(400);
      await t.http.get('/api/v1/protection-flows/missing/executions').expect(404);
    });

    it('dry-runs a group flow: enabled members in member-priority order, warnings, next runs', async () => {
      const gid = (await post('/machine-groups', { name: 'dry-run-group' }).expect(201)).body.id;
      const sched = (await post('/schedules', { name: 'off-schedule', cron_expression: '@daily', enabled: false }).expect(201)).body.id;
      const id = (await createFlow('dry', { target_type: 'group', target_id: gid, schedule_id: sched }).expect(201)).body.id;

      const empty = await t.http.post(`/api/v1/protection-flows/${id}/test`).expect(200);
      expect(empty.body).toMatchObject({ valid: false, resolved_vms: [], next_runs: [] });
      expect(empty.body.errors.join(' ')).toMatch(/no enabled VMs/);
      expect(empty.body.warnings.join(' ')).toMatch(/disabled/);

      const members: Array<[string, number, boolean]> = [
        ['dr-zulu', 0, true],
        ['dr-alpha', 2, true],
        ['dr-mike', 0, true],
        ['dr-off', 0, false],
      ];
      for (const [name, priority, enabled] of members) {
        const vm = (await post('/vm-contexts', { vm_name: name }).expect(201)).body.context_id;
        await post(`/machine-groups/${gid}/vms`, { vm_context_id: vm, priority, enabled }).expect(201);
      }
      await t.http.put(`/api/v1/schedules/${sched}`).send({ enabled: true }).expect(200);
      const res = await t.http.post(`/api/v1/protection-flows/${id}/test`).expect(200);
      expect(res.body.resolved_vms.map((v: { vm_name: string }) => v.vm_name)).toEqual(['dr-mike', 'dr-zulu', 'dr-alpha']);
      expect(res.body.resolved_vms[0]).toEqual({ context_id: expect.any(String), vm_name: 'dr-mike', backup_type: 'full' });
      expect(res.body.next_runs).toHaveLength(5);
      expect(res.body.warnings).toEqual([]);
      expect(res.body.valid).toBe(true);
    });

    it('dry-run reports a disabled repository as an error', async () => {
      const repo = (await post('/repositories', { name: 'offline', type: 'nfs', enabled: false }).expect(201)).body.id;
      const id = (await createFlow('to-offline', { repository_id: repo }).expect(201)).body.id;
      const res = await t.http.post(`/api/v1/protection-flows/${id}/test`).expect(200);
      expect(res.body.valid).toBe(false);
      expect(res.body.errors).toEqual(['Repository "offline" is disabled; enable it before running the flow']);
      const refused = await t.http.post(`/api/v1/protection-flows/${id}/execute`).send({}).expect(409);
      expect(refused.body.error).toBe(res.body.errors[0]);
      expect(res.body.resolved_vms).toEqual([{ context_id: vmId, vm_name: 'pgtest1', backup_type: 'full' }]);
    });
  });

  describe('catalog integrity', () => {
    it('refuses to delete a VM or group that flows target, naming the flows', async () => {
      const vm = (await post('/vm-contexts', { vm_name: 'targeted' }).expect(201)).body.context_id;
      const gid = (await post('/machine-groups', { name: 'targeted-group' }).expect(201)).body.id;
      const flow = (await createFlow('targets-vm', { target_id: vm }).expect(201)).body;
      await createFlow('targets-group', { target_type: 'group', target_id: gid }).expect(201);
      const vmRes = await t.http.delete(`/api/v1/vm-contexts/${vm}`).expect(409);
      expect(vmRes.body.error).toContain('VM "targeted" is the target of 1 protection flow: "targets-vm"');
      expect(vmRes.body.details[0].records).toEqual([{ kind: 'protection_flow', id: flow.id, name: 'targets-vm' }]);
      const groupRes = await t.http.delete(`/api/v1/machine-groups/${gid}`).expect(409);
      expect(groupRes.body.error).toContain('"targets-group"');
      await t.http.delete(`/api/v1/protection-flows/${flow.id}`).expect(204);
      await t.http.delete(`/api/v1/vm-contexts/${vm}`).expect(204);
    });

    it('refuses to delete a repository a flow uses, and a policy unless detached', async () => {
      const repo = (await post('/repositories', { name: 'held', type: 'local' }).expect(201)).body.id;
      const pol = (await post('/policies', { name: 'short-lived' }).expect(201)).body.id;
      const id = (await createFlow('holds-repo', { repository_id: repo, policy_id: pol }).expect(201)).body.id;
      await t.http.delete(`/api/v1/repositories/${repo}`).expect(409);
      await t.http.delete(`/api/v1/policies/${pol}`).expect(409);
      await t.http.delete(`/api/v1/policies/${pol}?detach=true`).expect(204);
      expect((await t.http.get(`/api/v1/protection-flows/${id}`).expect(200)).body).toMatchObject({ policy_id: null, policy_name: null });
    });
  });

  describe('list, summary and bulk', () => {
    let listSchedule: string;

    beforeAll(async () => {
      listSchedule = (await post('/schedules', { name: 'list-schedule', cron_expression: '@weekly' }).expect(201)).body.id;
      for (let i = 0; i < 12; i++) {
        const extra = i % 3 === 0 ? { target_type: 'group', target_id: groupId } : {};
        await createFlow(`list-${String(i).padStart(2, '0')}`, { ...extra, schedule_id: i % 2 ? listSchedule : null, enabled: i % 4 !== 0 }).expect(201);
      }
    });

    const names = (body: { flows: Array<{ name: string }> }) => body.flows.map((f) => f.name);

    it('filters by type, target, enabled, schedule and name, with totals of all matches', async () => {
      const all = await t.http.get('/api/v1/protection-flows?search=list-&limit=5&offset=5').expect(200);
      expect(all.body.total).toBe(12);
      expect(names(all.body)).toEqual(['list-05', 'list-06', 'list-07', 'list-08', 'list-09']);
      const groups = await t.http.get('/api/v1/protection-flows?search=list-&target_type=group').expect(200);
      expect(names(groups.body)).toEqual(['list-00', 'list-03', 'list-06', 'list-09']);
      const disabled = await t.http.get('/api/v1/protection-flows?search=list-&enabled=false').expect(200);
      expect(names(disabled.body)).toEqual(['list-00', 'list-04', 'list-08']);
      const scheduled = await t.http.get(`/api/v1/protection-flows?schedule_id=${listSchedule}&enabled=true`).expect(200);
      expect(scheduled.body.total).toBe(6);
      expect(scheduled.body.flows.every((f: { schedule_name: string }) => f.schedule_name === 'list-schedule')).toBe(true);
      const replication = await t.http.get('/api/v1/protection-flows?flow_type=replication').expect(200);
      expect(names(replication.body)).toEqual(['Replicate pgtest1']);
      await t.http.get('/api/v1/protection-flows?enabled=maybe').expect(400);
      await t.http.get('/api/v1/protection-flows?flow_type=snapshot').expect(400);
      await t.http.get('/api/v1/protection-flows?limit=501').expect(400);
    });

    it('resolves names for a whole page with the same number of queries, whatever the page size', async () => {
      // Both pages refer to VMs, groups, a repository and a schedule; only their length differs.
      const small = await countQueries(t.dataSource, () => t.http.get('/api/v1/protection-flows?search=list-&limit=4').expect(200));
      const large = await countQueries(t.dataSource, () => t.http.get('/api/v1/protection-flows?search=list-&limit=12').expect(200));
      expect(large.count).toBe(small.count);
      // page + count + one lookup per kind of referenced record (VMs, groups, repositories, policies, schedules)
      const all = await countQueries(t.dataSource, () => t.http.get('/api/v1/protection-flows?limit=500').expect(200));
      expect(all.count).toBeLessThanOrEqual(7);
    });

    it('serves /summary and /bulk-* rather than taking them for a flow id', async () => {
      const summary = await t.http.get('/api/v1/protection-flows/summary').expect(200);
      const counts = await t.http.get('/api/v1/protection-flows?limit=500').expect(200);
      const flows: Array<{ enabled: boolean; flow_type: string }> = counts.body.flows;
      expect(summary.body).toEqual({
        total_flows: counts.body.total,
        enabled_flows: flows.filter((f) => f.enabled).length,
        disabled_flows: flows.filter((f) => !f.enabled).length,
        backup_flows: flows.filter((f) => f.flow_type === 'backup').length,
        replication_flows: flows.filter((f) => f.flow_type === 'replication').length,
        running_executions: 0,
        total_executions_today: 0,
        successful_executions_today: 0,
        failed_executions_today: 0,
        skipped_runs_today: 0,
        today: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), timezone: 'UTC', since: `${summary.body.today.date}T00:00:00.000Z` },
      });
      expect(summary.body.disabled_flows).toBeGreaterThanOrEqual(3);
      await t.http.post('/api/v1/protection-flows/bulk-enable').send({ flow_ids: [] }).expect(400);
    });

    it('applies bulk actions to every id, reporting the ones that failed', async () => {
      const ids: string[] = [];
      for (const n of ['bulk-a', 'bulk-b']) ids.push((await createFlow(n, { schedule_id: scheduleId }).expect(201)).body.id);
      const disabled = await post('/protection-flows/bulk-disable', { flow_ids: [ids[0], 'missing-id', ids[1]] }).expect(200);
      expect(disabled.body).toEqual({
        action: 'disable',
        requested: 3,
        successful: 2,
        failed: 1,
        errors: [{ flow_id: 'missing-id', flow_name: null, error: 'Protection flow missing-id not found' }],
      });
      for (const id of ids) {
        expect((await t.http.get(`/api/v1/protection-flows/${id}`).expect(200)).body).toMatchObject({ enabled: false, status: { next_execution_time: null } });
      }
      const enabled = await post('/protection-flows/bulk-enable', { flow_ids: ids }).expect(200);
      expect(enabled.body).toMatchObject({ action: 'enable', requested: 2, successful: 2, failed: 0, errors: [] });
      expect((await t.http.get(`/api/v1/protection-flows/${ids[0]}`).expect(200)).body.status.next_execution_time).not.toBeNull();

      const deleted = await post('/protection-flows/bulk-delete', { flow_ids: [...ids, ids[0]] }).expect(200);
      // An id listed twice is one flow: deleted once, not reported as a failure the second time.
      expect(deleted.body).toMatchObject({ action: 'delete', requested: 2, successful: 2, failed: 0 });
      for (const id of ids) await t.http.get(`/api/v1/protection-flows/${id}`).expect(404);
      await post('/protection-flows/bulk-delete', { flow_ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) }).expect(400);
      await post('/protection-flows/bulk-delete', { flow_ids: 'all' }).expect(400);
    });
  });
});
