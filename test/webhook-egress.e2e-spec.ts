import { createServer, Server } from 'node:net';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { NO_ANSWER } from '../src/notifications/webhook-poster';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

interface Delivery {
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

/** A TCP port that answers, but not with HTTP (a database, an SSH server…). */
async function notHttpServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end('220 not-http ready\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('Webhooks under the egress rules', () => {
  let t: TestApp | undefined;
  let sim: BackupSimulator;
  let simUrl: string;
  const env = (extra: Record<string, string> = {}) => ({ BACKUP_API_URL: simUrl, JOB_POLL_INTERVAL_MS: '100', NOTIFICATION_RETRY_BASE_MS: '60000', ...extra });

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 5, jobDurationMs: 100, totalBytes: 1024, failStartVms: ['egress-vm'] });
    simUrl = await sim.listen();
  });
  afterEach(async () => {
    await stopTestApp(t);
    t = undefined;
  });
  afterAll(() => sim.close());

  /** Creates targets, fails a run once, and waits until each target's first attempt is recorded. */
  async function firstAttempts(app: TestApp, urls: string[]): Promise<Delivery[]> {
    const ids: string[] = [];
    for (const url of urls)
      ids.push(
        (
          await app.http
            .post('/api/v1/notification-targets')
            .send({ url, events: ['execution.failed'] })
            .expect(201)
        ).body.id,
      );
    await failOneRun(app);
    return Promise.all(ids.map((id) => attemptOf(app, id)));
  }

  async function failOneRun(app: TestApp): Promise<void> {
    const fx = new CatalogFixtures(app);
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm(`egress-vm`), repository_id: await fx.repository() });
    await app.http.post(`/api/v1/protection-flows/${flow}/execute`).expect(202);
  }

  const attemptOf = (app: TestApp, target: string) =>
    waitFor(async () => {
      const list = (await app.http.get(`/api/v1/notification-targets/${target}/deliveries`).expect(200)).body.deliveries as Delivery[];
      return list[0]?.attempts > 0 ? list[0] : undefined;
    }, 15_000);

  it('refuses internal targets when saved, naming the rule, unless NOTIFICATION_ALLOWED_CIDRS allows them', async () => {
    t = await startTestApp(env({ NOTIFICATION_ALLOWED_CIDRS: '10.9.0.0/16' }));
    const refused = {
      'http://127.0.0.1:3306/': 'a loopback address',
      'http://169.254.169.254/latest/meta-data/': 'link-local',
      'http://[::1]:22/': 'a loopback address',
      'http://0x7f000001/': 'a loopback address',
      'http://192.168.1.10/hook': 'a private address',
      'http://[::ffff:10.0.0.1]/hook': 'a private address',
      'http://metadata.google.internal/computeMetadata/v1/': 'cloud metadata',
      'http://localhost:8080/hook': 'a name of this machine',
      'http://receiver:secret@10.9.1.1/hook': 'user name or password',
    };
    for (const [url, why] of Object.entries(refused)) {
      const res = await t.http.post('/api/v1/notification-targets').send({ url, events: ['execution.failed'] });
      expect({ url, status: res.status, field: res.body.details?.[0]?.field, error: res.body.error }).toEqual({
        url,
        status: 400,
        field: 'url',
        error: expect.stringContaining(why),
      });
    }
    await t.http
      .post('/api/v1/notification-targets')
      .send({ url: 'http://10.9.1.1/hook', events: ['execution.failed'] })
      .expect(201);
    const created = (await t.http.get('/api/v1/notification-targets').expect(200)).body.notification_targets;
    expect(created.map((c: { url: string }) => c.url)).toEqual(['http://10.9.1.1/hook']);
    const id = created[0].id as string;
    await t.http.put(`/api/v1/notification-targets/${id}`).send({ url: 'http://169.254.169.254/' }).expect(400);
    expect((await t.http.get(`/api/v1/notification-targets/${id}`).expect(200)).body.url).toBe('http://10.9.1.1/hook');
  });

  it('never follows a redirect: a 3xx is a failed attempt and the body goes nowhere else', async () => {
    const elsewhere = new WebhookReceiver();
    const redirecting = new WebhookReceiver();
    try {
      const elsewhereUrl = await elsewhere.start();
      redirecting.status = 307;
      redirecting.headers = { Location: elsewhereUrl };
      t = await startTestApp(env({ NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32' }));
      const [delivery] = await firstAttempts(t, [await redirecting.start()]);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status: 307, last_error: expect.stringContaining('redirects are not followed') });
      expect(redirecting.received).toHaveLength(1);
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await redirecting.stop();
      await elsewhere.stop();
    }
  });

  it('records one wording for every connect failure, so deliveries cannot scan ports', async () => {
    const { server, port } = await notHttpServer();
    const closed = new WebhookReceiver();
    try {
      const closedUrl = await closed.start();
      await closed.stop(); // nothing listens there now
      t = await startTestApp(env({ NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32' }));
      const attempts = await firstAttempts(t, [closedUrl, `http://127.0.0.1:${port}/hook`]);
      expect(attempts.map((a) => [a.last_status, a.last_error])).toEqual([
        [null, NO_ANSWER],
        [null, NO_ANSWER],
      ]);
    } finally {
      server.close();
    }
  });

  it('checks the rules again when it sends: a target saved while allowed is refused once the rules change', async () => {
    const receiver = new WebhookReceiver();
    try {
      const url = await receiver.start();
      t = await startTestApp(env({ NOTIFICATION_ALLOWED_CIDRS: '127.0.0.1/32' }));
      const id = (
        await t.http
          .post('/api/v1/notification-targets')
          .send({ url, events: ['execution.failed'] })
          .expect(201)
      ).body.id as string;
      await t.close(); // the database stays
      t = await startTestApp(env()); // same database, no internal receivers allowed any more
      await failOneRun(t);
      const delivery = await attemptOf(t, id);
      expect(delivery).toMatchObject({ last_status: null, last_error: 'refused by the egress rules: 127.0.0.1 is a loopback address' });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.stop();
    }
  });
});
