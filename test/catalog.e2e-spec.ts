import { startTestApp, stopTestApp, TestApp } from './support/test-app';

describe('Catalog API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => stopTestApp(t));

  const vm = (name: string, extra: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/vm-contexts').send({ vm_name: name, cpu_count: 2, memory_mb: 4096, ...extra });

  describe('VM contexts', () => {
    it('creates, reads, searches, updates and deletes a VM context', async () => {
      const created = await vm('web-01', { disks: [{ disk_id: 'disk-0', size_gb: 40 }], power_state: 'poweredOn' }).expect(201);
      expect(created.body).toMatchObject({ vm_name: 'web-01', cpu_count: 2, disks: [{ disk_id: 'disk-0', size_gb: 40 }] });
      expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const id = created.body.context_id as string;
      await vm('db-01').expect(201);

      const got = await t.http.get(`/api/v1/vm-contexts/${id}`).expect(200);
      expect(got.body.vm_name).toBe('web-01');

      const search = await t.http.get('/api/v1/vm-contexts?search=WEB').expect(200);
      expect(search.body).toEqual({ vm_contexts: [expect.objectContaining({ context_id: id })], total: 1 });

      const updated = await t.http.put(`/api/v1/vm-contexts/${id}`).send({ memory_mb: 8192 }).expect(200);
      expect(updated.body).toMatchObject({ vm_name: 'web-01', memory_mb: 8192 });

      await t.http.delete(`/api/v1/vm-contexts/${id}`).expect(204);
      await t.http.get(`/api/v1/vm-contexts/${id}`).expect(404);
    });

    it('accepts a caller-chosen context id once', async () => {
      await vm('ctx-vm', { context_id: 'ctx-fixed-1' }).expect(201);
      const again = await vm('other-name', { context_id: 'ctx-fixed-1' }).expect(409);
      expect(again.body.error).toContain('ctx-fixed-1');
    });

    it('refuses a duplicate VM name and a bad body with clear errors', async () => {
      await vm('dup-vm').expect(201);
      const dup = await vm('dup-vm').expect(409);
      expect(dup.body).toEqual({
        error: 'A VM context named "dup-vm" already exists',
        details: [{ field: 'vm_name', problems: ['A VM context named "dup-vm" already exists'] }],
        status: 409,
        request_id: expect.any(String),
      });

      const bad = await t.http
        .post('/api/v1/vm-contexts')
        .send({ cpu_count: 'two', disks: [{ size_gb: -1 }] })
        .expect(400);
      const fields = bad.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['vm_name', 'cpu_count', 'disks.0.disk_id', 'disks.0.size_gb']));
    });

    it('answers 404 for unknown ids on every item route', async () => {
      await t.http.get('/api/v1/vm-contexts/nope').expect(404);
      await t.http.put('/api/v1/vm-contexts/nope').send({ memory_mb: 1 }).expect(404);
      const res = await t.http.delete('/api/v1/vm-contexts/nope').expect(404);
      expect(res.body.error).toBe('VM context nope not found');
    });

    it('paginates with a total that counts every match', async () => {
      for (const n of ['page-a', 'page-b', 'page-c']) await vm(n).expect(201);
      const res = await t.http.get('/api/v1/vm-contexts?search=page-&limit=2&offset=1').expect(200);
      expect(res.body.total).toBe(3);
      expect(res.body.vm_contexts.map((v: { vm_name: string }) => v.vm_name)).toEqual(['page-b', 'page-c']);
      await t.http.get('/api/v1/vm-contexts?limit=0').expect(400);
      await t.http.get('/api/v1/vm-contexts?limit=501').expect(400);
      await t.http.get('/api/v1/vm-contexts?offset=-1').expect(400);
    });
  });

  describe('machine groups and memberships', () => {
    it('manages a group and its members, ordered by priority then name', async () => {
      const group = await t.http.post('/api/v1/machine-groups').set('X-Actor', 'alice').send({ name: 'prod', max_concurrent_vms: 2 }).expect(201);
      expect(group.body).toMatchObject({ name: 'prod', max_concurrent_vms: 2, priority: 0, created_by: 'alice', total_vms: 0, active_jobs: 0 });
      const gid = group.body.id as string;
      const ids: string[] = [];
      for (const n of ['m-charlie', 'm-alpha', 'm-bravo']) ids.push((await vm(n).expect(201)).body.context_id);

      // max_concurrent_vms is not a size cap: three members in a group allowing two at once.
      await t.http.post(`/api/v1/machine-groups/${gid}/vms`).send({ vm_context_id: ids[0], priority: 1 }).expect(201);
      await t.http.post(`/api/v1/machine-groups/${gid}/vms`).send({ vm_context_id: ids[1], priority: 5 }).expect(201);
      const third = await t.http
        .post(`/api/v1/machine-groups/${gid}/vms`)
        .set('X-Actor', 'bob')
        .send({ vm_context_id: ids[2], priority: 1, enabled: false })
        .expect(201);
      expect(third.body).toMatchObject({ vm_name: 'm-bravo', enabled: false, priority: 1, added_by: 'bob', cpu_count: 2 });

      const members = await t.http.get(`/api/v1/machine-groups/${gid}/vms`).expect(200);
      expect(members.body.total).toBe(3);
      expect(members.body.vms.map((m: { vm_name: string }) => m.vm_name)).toEqual(['m-bravo', 'm-charlie', 'm-alpha']);

      const patched = await t.http.patch(`/api/v1/machine-groups/${gid}/vms/${ids[1]}`).send({ priority: 0, enabled: false }).expect(200);
      expect(patched.body).toMatchObject({ vm_name: 'm-alpha', priority: 0, enabled: false });

      const withCount = await t.http.get(`/api/v1/machine-groups/${gid}`).expect(200);
      expect(withCount.body).toMatchObject({ total_vms: 3, enabled_vms: 1, disabled_vms: 2 });
      const list = await t.http.get('/api/v1/machine-groups').expect(200);
      expect(list.body.groups.find((g: { id: string }) => g.id === gid).total_vms).toBe(3);

      await t.http.delete(`/api/v1/machine-groups/${gid}/vms/${ids[0]}`).expect(204);
      await t.http.delete(`/api/v1/machine-groups/${gid}/vms/${ids[0]}`).expect(404);
      expect((await t.http.get(`/api/v1/machine-groups/${gid}`).expect(200)).body.total_vms).toBe(2);

      // Deleting a VM removes its memberships (FK CASCADE).
      await t.http.delete(`/api/v1/vm-contexts/${ids[2]}`).expect(204);
      expect((await t.http.get(`/api/v1/machine-groups/${gid}`).expect(200)).body.total_vms).toBe(1);

      await t.http.delete(`/api/v1/machine-groups/${gid}`).expect(204);
      await t.http.get(`/api/v1/machine-groups/${gid}/vms`).expect(404);
    });

    it('refuses adding a VM twice, an unknown VM, and bad member input', async () => {
      const gid = (await t.http.post('/api/v1/machine-groups').send({ name: 'twice' }).expect(201)).body.id as string;
      const vid = (await vm('twice-vm').expect(201)).body.context_id as string;
      await t.http.post(`/api/v1/machine-groups/${gid}/vms`).send({ vm_context_id: vid }).expect(201);
      const dup = await t.http.post(`/api/v1/machine-groups/${gid}/vms`).send({ vm_context_id: vid }).expect(409);
      expect(dup.body.error).toContain('already a member');
      const unknown = await t.http.post(`/api/v1/machine-groups/${gid}/vms`).send({ vm_context_id: 'ghost' }).expect(404);
      expect(unknown.body.error).toBe('VM context ghost not found');
      await t.http.post(`/api/v1/machine-groups/missing/vms`).send({ vm_context_id: vid }).expect(404);
      await t.http.patch(`/api/v1/machine-groups/${gid}/vms/${vid}`).send({ priority: 'high' }).expect(400);
      await t.http.post('/api/v1/machine-groups').send({ name: 'zero', max_concurrent_vms: 0 }).expect(400);
      await t.http.post('/api/v1/machine-groups').send({ name: 'twice' }).expect(409);
    });

    it('updates a group and refuses a rename onto another group', async () => {
      const a = (await t.http.post('/api/v1/machine-groups').send({ name: 'rename-a' }).expect(201)).body.id as string;
      await t.http.post('/api/v1/machine-groups').send({ name: 'rename-b' }).expect(201);
      const res = await t.http.put(`/api/v1/machine-groups/${a}`).send({ description: 'now described', priority: 3 }).expect(200);
      expect(res.body).toMatchObject({ name: 'rename-a', description: 'now described', priority: 3 });
      await t.http.put(`/api/v1/machine-groups/${a}`).send({ name: 'rename-b' }).expect(409);
      await t.http.put('/api/v1/machine-groups/missing').send({ priority: 1 }).expect(404);
    });
  });

  describe('schedules', () => {
    it('creates schedules from 5-field, 6-field and macro expressions with defaults', async () => {
      const five = await t.http.post('/api/v1/schedules').send({ name: 'nightly', cron_expression: '0 2 * * *' }).expect(201);
      expect(five.body).toMatchObject({
        timezone: 'UTC',
        enabled: true,
        skip_if_running: true,
        retry_attempts: 0,
        retry_delay_minutes: 30,
        catchup_policy: 'run_once',
        catchup_window_minutes: 60,
      });
      await t.http.post('/api/v1/schedules').send({ name: 'every-2s', cron_expression: '*/2 * * * * *' }).expect(201);
      await t.http.post('/api/v1/schedules').send({ name: 'hourly', cron_expression: '@hourly', timezone: 'America/New_York' }).expect(201);
      const list = await t.http.get('/api/v1/schedules').expect(200);
      expect(list.body.total).toBeGreaterThanOrEqual(3);
    });

    it('refuses an unusable cron expression or time zone with 422 naming the field', async () => {
      const res = await t.http.post('/api/v1/schedules').send({ name: 'bad', cron_expression: '61 * * * *', timezone: 'Mars/Olympus' }).expect(422);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['cron_expression', 'timezone']);
      const fields = await t.http.post('/api/v1/schedules').send({ name: 'bad2', cron_expression: '* * *' }).expect(422);
      expect(fields.body.details[0].problems[0]).toContain('3 fields');
      await t.http.post('/api/v1/schedules').send({ name: 'bad3', cron_expression: '@fortnightly' }).expect(422);
      await t.http.post('/api/v1/schedules').send({ name: 'bad4', cron_expression: '0 0 * * *', catchup_policy: 'always' }).expect(400);
    });

    it('gives next runs in the schedule time zone, across a DST change in Europe/London', async () => {
      const id = (
        await t.http.post('/api/v1/schedules').send({ name: 'monthly-0900-london', cron_expression: '0 9 1 * *', timezone: 'Europe/London' }).expect(201)
      ).body.id;
      const res = await t.http.get(`/api/v1/schedules/${id}/next-runs?count=12`).expect(200);
      const runs: string[] = res.body.next_runs;
      expect(runs).toHaveLength(12);
      const londonClock = (iso: string) =>
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', day: '2-digit' }).format(new Date(iso));
      for (const run of runs) expect(londonClock(run)).toBe('01, 09:00');
      // A year of first-of-month runs spans both GMT (09:00Z) and BST (08:00Z).
      const utcHours = new Set(runs.map((r) => new Date(r).getUTCHours()));
      expect(utcHours).toEqual(new Set([8, 9]));
      expect([...runs].sort()).toEqual(runs);
      await t.http.get(`/api/v1/schedules/${id}/next-runs?count=0`).expect(400);
      await t.http.get(`/api/v1/schedules/${id}/next-runs?count=101`).expect(400);
      await t.http.get('/api/v1/schedules/missing/next-runs').expect(404);
    });

    it('updates (re-validating the merged schedule) and deletes', async () => {
      const id = (await t.http.post('/api/v1/schedules').send({ name: 'editable', cron_expression: '0 1 * * *' }).expect(201)).body.id;
      const res = await t.http.put(`/api/v1/schedules/${id}`).send({ timezone: 'Asia/Tokyo', enabled: false }).expect(200);
      expect(res.body).toMatchObject({ cron_expression: '0 1 * * *', timezone: 'Asia/Tokyo', enabled: false });
      await t.http.put(`/api/v1/schedules/${id}`).send({ cron_expression: 'nonsense here' }).expect(422);
      expect((await t.http.get(`/api/v1/schedules/${id}`).expect(200)).body.cron_expression).toBe('0 1 * * *');
      await t.http.delete(`/api/v1/schedules/${id}`).expect(204);
      await t.http.get(`/api/v1/schedules/${id}`).expect(404);
    });
  });

  describe('repositories and policies', () => {
    it('manages repositories with integer ids', async () => {
      const repo = await t.http
        .post('/api/v1/repositories')
        .send({ name: 'nfs-main', type: 'nfs', config: { path: '/mnt/backup' } })
        .expect(201);
      expect(repo.body).toMatchObject({ name: 'nfs-main', enabled: true, is_immutable: false, min_retention_days: 0, config: { path: '/mnt/backup' } });
      expect(Number.isInteger(repo.body.id)).toBe(true);
      await t.http.get(`/api/v1/repositories/${repo.body.id}`).expect(200);
      await t.http.put(`/api/v1/repositories/${repo.body.id}`).send({ is_immutable: true, min_retention_days: 7 }).expect(200);
      await t.http.get('/api/v1/repositories/abc').expect(400);
      await t.http.get('/api/v1/repositories/999999').expect(404);
      await t.http.post('/api/v1/repositories').send({ name: 'x', type: 'tape' }).expect(400);
      await t.http.post('/api/v1/repositories').send({ name: 'nfs-main', type: 'local' }).expect(409);
      const list = await t.http.get('/api/v1/repositories').expect(200);
      expect(list.body.repositories.some((r: { name: string; is_immutable: boolean }) => r.name === 'nfs-main' && r.is_immutable)).toBe(true);
      await t.http.delete(`/api/v1/repositories/${repo.body.id}`).expect(204);
    });

    it('manages policies whose copy rules must name existing repositories', async () => {
      const repo = (await t.http.post('/api/v1/repositories').send({ name: 's3-copy', type: 's3' }).expect(201)).body;
      const policy = await t.http
        .post('/api/v1/policies')
        .send({ name: 'gold', retention_days: 90, copy_rules: [{ destination_repository_id: repo.id, copy_mode: 'immediate', enabled: true }] })
        .expect(201);
      expect(policy.body).toMatchObject({ retention_days: 90, enabled: true, copy_rules: [{ destination_repository_id: repo.id }] });
      const bad = await t.http
        .post('/api/v1/policies')
        .send({ name: 'broken', copy_rules: [{ destination_repository_id: 424242, copy_mode: 'immediate', enabled: true }] })
        .expect(422);
      expect(bad.body.details[0].field).toBe('copy_rules.0.destination_repository_id');
      await t.http.put(`/api/v1/policies/${policy.body.id}`).send({ retention_days: 0 }).expect(400);
      expect((await t.http.put(`/api/v1/policies/${policy.body.id}`).send({ retention_days: 14 }).expect(200)).body.retention_days).toBe(14);
      expect((await t.http.get('/api/v1/policies').expect(200)).body.total).toBeGreaterThanOrEqual(1);
      await t.http.delete(`/api/v1/policies/${policy.body.id}`).expect(204);
      await t.http.delete(`/api/v1/policies/${policy.body.id}`).expect(404);
    });
  });
});
