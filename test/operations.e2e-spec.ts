import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { verifySignature } from '../src/notifications/webhook-signature';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A metric's value from the Prometheus text (the first line matching name and labels). */
function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(name) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.split(' ').pop()) : undefined;
}

describe('Operating the engine: metrics, request ids, readiness, notifications', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  const receiver = new WebhookReceiver();
  beforeAll(
    async () =>
      ({ t, sim, fx, repo } = await startSimulatedEngine(
        { startLatencyMs: 5, jobDurationMs: 300, totalBytes: 1024 },
        { METRICS_PER_FLOW: 'true', NOTIFICATION_RETRY_BASE_MS: '200', NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32' },
      )),
  );
  afterAll(async () => {
    await stopSimulatedEngine(t, sim);
    await receiver.stop();
  });

  const finished = (id: string) =>
    waitFor(async () => {
      const body = (await t.http.get(`/api/v1/flow-executions/${id}`).expect(200)).body;
      return ['running', 'pending'].includes(body.status) ? undefined : body;
    });

  it('exports Prometheus metrics by route template, run outcome, backup API call, scheduler and process', async () => {
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('metrics-vm'), repository_id: repo });
    await finished((await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({}).expect(202)).body.id);
    await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200);
    const schedule = (await t.http.post('/api/v1/schedules').send({ name: 'metrics-every-second', cron_expression: '* * * * * *' }).expect(201)).body.id;
    const scheduled = await fx.flow({ target_type: 'vm', target_id: await fx.vm('metrics-scheduled'), repository_id: repo, schedule_id: schedule });
    await waitFor(async () => ((await t.http.get(`/api/v1/protection-flows/${scheduled}/schedule-executions`)).body.total > 0 ? true : undefined), 5000);
    await t.http.patch(`/api/v1/protection-flows/${scheduled}/disable`).expect(200);

    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    expect(metric(text, 'http_requests_total', { route: '/api/v1/protection-flows/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.05",route="\/api\/v1\/protection-flows\/:id",method="GET"\}/);
    expect(text).not.toMatch(new RegExp(`route="[^"]*${flow}`)); // never a raw id as a label
    expect(metric(text, 'flow_executions_total', { trigger: 'manual', outcome: 'success' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'backup_api_calls_total', { operation: 'start', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'backup_api_call_duration_seconds_count', { operation: 'start' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'flow_occurrences_total', { outcome: 'fired' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'scheduler_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    for (const name of [
      'flow_executions_running',
      'backup_jobs_in_flight',
      'scheduler_cron_jobs',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(metric(text, name)).toBeDefined();
    }
    expect(metric(text, 'flow_last_success_timestamp_seconds', { flow_id: flow })).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it('takes or makes a request id, echoes it, and puts it in error envelopes', async () => {
    const given = await t.http.get('/api/v1/schedules/no-such').set('X-Request-Id', 'gui-call-42').expect(404);
    expect(given.headers['x-request-id']).toBe('gui-call-42');
    expect(given.body.request_id).toBe('gui-call-42');
    const made = await t.http.post('/api/v1/schedules').set('Content-Type', 'application/json').send('{not json').expect(400);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.request_id).toBe(made.headers['x-request-id']);
  });

  it('answers liveness always, and readiness naming each check', async () => {
    expect((await t.http.get('/health/live').expect(200)).body.status).toBe('ok');
    const ready = (await t.http.get('/health/ready').expect(200)).body;
    expect(ready).toMatchObject({
      status: 'ready',
      failing: [],
      checks: { database: { ok: true }, migrations: { ok: true }, backup_api: { ok: true }, scheduler: { ok: true } },
    });
    await sim.close();
    const down = await t.http.get('/health/ready').expect(503);
    expect(down.body).toMatchObject({ status: 'not_ready', failing: ['backup_api'] });
    expect(down.body.checks.backup_api.detail).toMatch(/does not answer/);
    await sim.listen(Number(new URL(sim.url ?? '').port));
    await t.http.get('/health').expect(200);
  });

  it('notifies a webhook of a failed and a recovered run, signed, and retries until the receiver takes it — once', async () => {
    const url = await receiver.start();
    const created = (
      await t.http
        .post('/api/v1/notification-targets')
        .send({ url, events: ['execution.failed', 'execution.recovered'] })
        .expect(201)
    ).body;
    expect(created.secret).toHaveLength(32);
    expect((await t.http.get(`/api/v1/notification-targets/${created.id}`).expect(200)).body.secret).toBeUndefined();
    await t.http
      .post('/api/v1/notification-targets')
      .send({ url: 'not a url', events: ['execution.failed'] })
      .expect(400);
    await t.http
      .post('/api/v1/notification-targets')
      .send({ url, events: ['execution.exploded'] })
      .expect(400);

    receiver.status = 503; // down for a while
    sim.options.failMidJobVms.push('notify-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('notify-vm'), repository_id: repo });
    const failed = await finished((await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({}).expect(202)).body.id);
    expect(failed.status).toBe('error');
    await waitFor(() => Promise.resolve(receiver.received.length >= 2 ? true : undefined), 10_000, 'two refused attempts');
    receiver.status = 200;
    await waitFor(() => Promise.resolve(receiver.accepted().length === 1 ? true : undefined), 10_000, 'the delivery');
    await sleep(1000);
    expect(receiver.accepted()).toHaveLength(1);
    const delivered = receiver.accepted()[0];
    expect(delivered.headers['x-pfe-event']).toBe('execution.failed');
    expect(verifySignature(created.secret, String(delivered.headers['x-pfe-signature']), delivered.body)).toBe(true);
    expect(verifySignature('some-other-secret-123', String(delivered.headers['x-pfe-signature']), delivered.body)).toBe(false);
    expect(JSON.parse(delivered.body)).toMatchObject({
      event: 'execution.failed',
      data: { flow_id: flow, execution_id: failed.id, outcome: 'error', flow_name: expect.any(String) },
    });
    const deliveries = (await t.http.get(`/api/v1/notification-targets/${created.id}/deliveries`).expect(200)).body;
    expect(deliveries.deliveries[0]).toMatchObject({ event: 'execution.failed', status: 'delivered', last_status: 200 });
    expect(deliveries.deliveries[0].attempts).toBeGreaterThanOrEqual(3);

    sim.options.failMidJobVms.length = 0;
    await finished((await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({}).expect(202)).body.id);
    await waitFor(() => Promise.resolve(receiver.accepted().some((r) => r.headers['x-pfe-event'] === 'execution.recovered') ? true : undefined), 10_000);
  });
});

describe('Notifications survive a restart', () => {
  let t: TestApp | undefined;
  const receiver = new WebhookReceiver();
  afterAll(async () => {
    await stopTestApp(t);
    await receiver.stop();
  });

  it('delivers a missed-occurrence notification recorded before a restart once the receiver is back', async () => {
    const url = await receiver.start();
    const port = receiver.port;
    await receiver.stop(); // nobody listens yet
    const env = { NOTIFICATION_RETRY_BASE_MS: '200', SCHEDULER_RECONCILE_MS: '500', NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32' };
    t = await startTestApp(env);
    await t.http
      .post('/api/v1/notification-targets')
      .send({ url, events: ['occurrence.missed'] })
      .expect(201);
    const fx = new CatalogFixtures(t);
    const schedule = (
      await t.http.post('/api/v1/schedules').send({ name: 'restart-every-second', cron_expression: '* * * * * *', catchup_policy: 'skip' }).expect(201)
    ).body.id;
    await fx.flow({ target_type: 'vm', target_id: await fx.vm('restart-vm'), repository_id: await fx.repository(), schedule_id: schedule });
    await t.close(); // the engine is down: occurrences go by
    await sleep(3000);
    t = await startTestApp(env);
    await waitFor(async () => {
      const targets = (await t?.http.get('/api/v1/notification-targets').expect(200))?.body.notification_targets ?? [];
      const deliveries = (await t?.http.get(`/api/v1/notification-targets/${targets[0].id}/deliveries`).expect(200))?.body;
      return deliveries?.total > 0 ? true : undefined;
    }, 10_000);
    await t.close();
    await receiver.start(port); // the receiver comes back while the engine restarts once more
    t = await startTestApp(env);
    await waitFor(() => Promise.resolve(receiver.accepted().length > 0 ? true : undefined), 10_000);
    expect(receiver.accepted().every((r) => r.headers['x-pfe-event'] === 'occurrence.missed')).toBe(true);
    const ids = receiver.accepted().map((r) => r.headers['x-pfe-delivery']);
    expect(new Set(ids).size).toBe(ids.length); // each delivery arrived once
  });
});
