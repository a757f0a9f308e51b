import { sqlTimestamp } from '../src/database/dialect';
import { CatalogFixtures } from './support/catalog-fixtures';
import { SseClient } from './support/sse-client';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const iso = (runs: string[]) => runs.map((r) => r.replace(':00.000Z', 'Z'));

describe('Schedules people can trust', () => {
  let t: TestApp;
  let fx: CatalogFixtures;
  let repo: number;
  let vm: string;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    // No scheduler on this replica: an overdue flow stays overdue (nobody catches it up).
    t = await startTestApp({ NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32', NOTIFICATION_RETRY_BASE_MS: '200', SCHEDULER_ENABLED: 'false' }, { listen: true });
    fx = new CatalogFixtures(t);
    repo = await fx.repository();
    vm = await fx.vm('trust-vm');
  });
  afterAll(async () => {
    await stopTestApp(t);
    await receiver.stop();
  });

  const schedule = async (body: Record<string, unknown>) =>
    (await t.http.post('/api/v1/schedules').send(body).expect(201)).body as { id: string; name: string };
  const flowOn = (extra: Record<string, unknown>) => fx.flow({ target_type: 'vm', target_id: vm, repository_id: repo, ...extra });

  it('previews what will fire on clock-change nights, as the scheduler fires it', async () => {
    const preview = async (cron: string, timezone: string, from: string) =>
      iso((await t.http.get('/api/v1/schedules/preview').query({ cron_expression: cron, timezone, count: 3, from }).expect(200)).body.next_runs);
    expect(await preview('0 3 * * *', 'Europe/Berlin', '2027-10-30T12:00:00Z')).toEqual(['2027-10-31T02:00Z', '2027-11-01T02:00Z', '2027-11-02T02:00Z']);
    expect(await preview('30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z')).toEqual(['2027-03-28T01:00Z', '2027-03-29T00:30Z', '2027-03-30T00:30Z']);
    expect(await preview('0 * * * *', 'Europe/Berlin', '2027-10-31T00:30:00Z')).toEqual(['2027-10-31T01:00Z', '2027-10-31T02:00Z', '2027-10-31T03:00Z']);
    const saved = await schedule({ name: 'berlin-nightly', cron_expression: '0 3 * * *', timezone: 'Europe/Berlin' });
    const nextRuns = (await t.http.get(`/api/v1/schedules/${saved.id}/next-runs`).query({ count: 2, from: '2027-10-30T12:00:00Z' }).expect(200)).body.next_runs;
    expect(iso(nextRuns)).toEqual(['2027-10-31T02:00Z', '2027-11-01T02:00Z']);
    await t.http.get(`/api/v1/schedules/${saved.id}/next-runs`).query({ from: 'yesterday' }).expect(400);
  });

  it('refuses a schedule that never runs with 422 naming why, and lists leap-day runs years apart', async () => {
    for (const [cron, why] of [
      ['0 0 30 2 *', '30 February never comes'],
      ['0 0 31 4 *', '31 April never comes'],
    ]) {
      const created = await t.http
        .post('/api/v1/schedules')
        .send({ name: `never-${cron}`, cron_expression: cron })
        .expect(422);
      expect(created.body.details).toEqual([{ field: 'cron_expression', problems: [expect.stringContaining(why)] }]);
      const previewed = await t.http.get('/api/v1/schedules/preview').query({ cron_expression: cron }).expect(422);
      expect(previewed.body.details[0].problems[0]).toContain(why);
    }
    const leap = await schedule({ name: 'leap-day', cron_expression: '0 0 29 2 *' });
    const runs = (await t.http.get(`/api/v1/schedules/${leap.id}/next-runs`).query({ count: 3, from: '2026-12-06T00:00:00Z' }).expect(200)).body.next_runs;
    expect(runs).toEqual(['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z', '2036-02-29T00:00:00.000Z']);
  });

  it('saves nothing when an edit would make a schedule in use never run', async () => {
    const nightly = await schedule({ name: 'in-use', cron_expression: '0 2 * * *' });
    const flow = await flowOn({ schedule_id: nightly.id });
    const refused = await t.http.put(`/api/v1/schedules/${nightly.id}`).send({ cron_expression: '0 0 30 2 *' }).expect(422);
    expect(refused.body.error).toMatch(/cron_expression/);
    expect((await t.http.get(`/api/v1/schedules/${nightly.id}`).expect(200)).body.cron_expression).toBe('0 2 * * *');
    const status = (await t.http.get(`/api/v1/protection-flows/${flow}/status`).expect(200)).body;
    expect(status.next_runs).toHaveLength(5);
  });

  it('answers a flow on a schedule that can no longer run (stored before this check) without a 500', async () => {
    const legacy = await schedule({ name: 'legacy', cron_expression: '0 0 28 2 *' });
    await t.dataSource.query('UPDATE schedules SET cron_expression = ? WHERE id = ?', ['0 0 30 2 *', legacy.id]);
    const flow = await flowOn({ schedule_id: legacy.id });
    const status = (await t.http.get(`/api/v1/protection-flows/${flow}/status`).expect(200)).body;
    expect(status).toMatchObject({ next_runs: [], next_execution_time: null });
    expect((await t.http.get(`/api/v1/schedules/${legacy.id}/next-runs`).query({ count: 3 }).expect(200)).body.next_runs).toEqual([]);
    expect((await t.http.post(`/api/v1/protection-flows/${flow}/test`).expect(200)).body.next_runs).toEqual([]);
    await t.http.delete(`/api/v1/protection-flows/${flow}`).expect(204);
  });

  it('refuses to delete a schedule or policy in use, naming the flows; with detach the flows let go, say so, and the change is announced', async () => {
    const hook = (
      await t.http
        .post('/api/v1/notification-targets')
        .send({ url: await receiver.start(), events: ['flow.unscheduled', 'flow.policy_removed'] })
        .expect(201)
    ).body;
    const nightly = await schedule({ name: 'to-delete', cron_expression: '0 1 * * *' });
    const policy = (await t.http.post('/api/v1/policies').send({ name: 'to-delete-policy', retention_days: 7 }).expect(201)).body;
    const a = await flowOn({ name: 'users-a', schedule_id: nightly.id, policy_id: policy.id });
    const b = await flowOn({ name: 'users-b', schedule_id: nightly.id });

    const refused = await t.http.delete(`/api/v1/schedules/${nightly.id}`).expect(409);
    expect(refused.body.error).toBe(
      'Schedule "to-delete" is used by 2 protection flows: "users-a" and "users-b"; give them another schedule first, or delete it with detach to leave them to run on demand only',
    );
    expect(refused.body.details).toEqual([
      {
        field: 'protection_flows',
        problems: [`users-a (${a})`, `users-b (${b})`],
        records: [
          { kind: 'protection_flow', id: a, name: 'users-a' },
          { kind: 'protection_flow', id: b, name: 'users-b' },
        ],
      },
    ]);
    const policyRefused = await t.http.delete(`/api/v1/policies/${policy.id}`).expect(409);
    expect(policyRefused.body.details[0].records).toEqual([{ kind: 'protection_flow', id: a, name: 'users-a' }]);
    expect((await t.http.get(`/api/v1/protection-flows/${a}`).expect(200)).body).toMatchObject({ schedule_id: nightly.id, policy_id: policy.id, notice: null });

    const stream = await SseClient.connect(`${t.url}/api/v1/events/stream`);
    try {
      await t.http.delete(`/api/v1/schedules/${nightly.id}?detach=true`).set('X-Actor', 'alice').expect(204);
      await t.http.delete(`/api/v1/policies/${policy.id}?detach=true`).set('X-Actor', 'alice').expect(204);
      const unscheduled = await stream.next((e) => e.event === 'flow.unscheduled' && e.data.flow_id === b);
      expect(unscheduled.data).toMatchObject({ schedule_name: 'to-delete', notice: expect.stringContaining('runs on demand only') });
      await stream.next((e) => e.event === 'flow.policy_removed' && e.data.flow_id === a);
    } finally {
      stream.close();
    }
    const flowA = (await t.http.get(`/api/v1/protection-flows/${a}`).expect(200)).body;
    expect(flowA).toMatchObject({ schedule_id: null, policy_id: null, status: { next_execution_time: null } });
    expect(flowA.notice.message).toContain('retention policy "to-delete-policy" was deleted by alice');
    const flowB = (await t.http.get(`/api/v1/protection-flows/${b}`).expect(200)).body;
    expect(flowB.notice).toEqual({ message: expect.stringMatching(/^Unscheduled: its schedule "to-delete" was deleted by alice/), at: expect.any(String) });

    await waitFor(() => Promise.resolve(receiver.accepted().length >= 3 ? true : undefined), 10_000, 'three webhooks');
    const events = receiver.accepted().map((r) => JSON.parse(r.body) as { event: string; data: { flow_id: string; flow_name: string } });
    expect(events.map((e) => `${e.event} ${e.data.flow_name}`).sort()).toEqual([
      'flow.policy_removed users-a',
      'flow.unscheduled users-a',
      'flow.unscheduled users-b',
    ]);
    await t.http.delete(`/api/v1/notification-targets/${hook.id}`).expect(204);

    // Given a schedule again, the notice is cleared.
    const other = await schedule({ name: 'replacement', cron_expression: '0 4 * * *' });
    expect((await t.http.put(`/api/v1/protection-flows/${b}`).send({ schedule_id: other.id }).expect(200)).body.notice).toBeNull();
  });

  it('shows a flow whose due occurrence nobody fired as overdue, in its status, the list filter and /metrics', async () => {
    const hourly = await schedule({ name: 'overdue-hourly', cron_expression: '0 * * * *' });
    const late = await flowOn({ name: 'overdue-late', schedule_id: hourly.id });
    const onTime = await flowOn({ name: 'overdue-on-time', schedule_id: hourly.id });
    // As if no replica had been up: a due time 10 minutes gone (the scheduler is off on this replica).
    const setNext = (id: string, at: number) =>
      t.dataSource.query('UPDATE protection_flows SET next_execution_time = ? WHERE id = ?', [sqlTimestamp(new Date(at)), id]);
    await setNext(late, Date.now() - 10 * 60_000);
    await setNext(onTime, Date.now() + 60 * 60_000);
    expect((await t.http.get(`/api/v1/protection-flows/${late}/status`).expect(200)).body.overdue).toBe(true);
    expect((await t.http.get(`/api/v1/protection-flows/${onTime}`).expect(200)).body.status.overdue).toBe(false);
    const listed = (await t.http.get('/api/v1/protection-flows?overdue=true').expect(200)).body;
    expect(listed.flows.map((f: { name: string }) => f.name)).toEqual(['overdue-late']);
    expect(listed.total).toBe(1);
    const others = (await t.http.get('/api/v1/protection-flows?overdue=false&search=overdue-').expect(200)).body;
    expect(others.flows.map((f: { name: string }) => f.name)).toEqual(['overdue-on-time']);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^flows_overdue 1$/m);
  });
});
