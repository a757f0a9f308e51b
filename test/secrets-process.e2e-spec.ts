import { ChildProcess, spawn } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { EngineProcess, freePort } from '../bench/engine-process';
import { waitFor } from './support/test-app';
import { createTestDatabase, dropTestDatabase, engineDatabaseEnv } from './support/test-database';

const API_TOKEN = 'engine-token-4f9a1c';
const WRONG_TOKEN = 'guessed-token-77b2e0';
const BACKUP_PASSWORD = 'appliance-pw-93d1';
const SIM_TOKEN = 'sim-token-0c5e88';

/** Opens the change stream with the token in the query, takes its first bytes and hangs up. */
function touchStream(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      res.once('data', () => {
        resolve(res.statusCode);
        req.destroy();
      });
    }).on('error', reject);
  });
}

describe('Secrets stay out of logs and public answers', () => {
  let sim: BackupSimulator;
  let engine: EngineProcess;

  beforeAll(async () => {
    await createTestDatabase();
    sim = new BackupSimulator({ token: SIM_TOKEN });
    const simUrl = new URL(await sim.listen());
    simUrl.username = 'backup';
    simUrl.password = BACKUP_PASSWORD;
    engine = new EngineProcess(await freePort(), {
      API_TOKEN,
      BACKUP_API_URL: simUrl.toString(),
      BACKUP_API_TOKEN: SIM_TOKEN,
      SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'info',
      ...engineDatabaseEnv(),
    });
    await engine.start();
  }, 120_000);
  afterAll(async () => {
    await engine?.kill();
    await sim?.close();
    await dropTestDatabase();
  });

  it('redacts tokens in logged URLs, right or wrong, on every route, and audits a stream connection when it closes', async () => {
    expect(await touchStream(`${engine.url}/api/v1/events/stream?access_token=${API_TOKEN}&last_event_id=0`)).toBe(200);
    expect((await fetch(`${engine.url}/api/v1/protection-flows?access_token=${WRONG_TOKEN}`)).status).toBe(401);
    expect((await fetch(`${engine.url}/api/v1/events/stream?access_token=${WRONG_TOKEN}`)).status).toBe(401);
    expect((await fetch(`${engine.url}/health/live?api_key=${WRONG_TOKEN}`)).status).toBe(200);
    const closed = await waitFor(() => Promise.resolve(engine.output.split('\n').find((l) => l.includes('"stream closed"'))), 10_000, 'the stream line');
    expect(JSON.parse(closed)).toMatchObject({
      route: '/api/v1/events/stream',
      status: 200,
      url: '/api/v1/events/stream?access_token=[redacted]&last_event_id=0',
      remote_address: '127.0.0.1',
      duration_ms: expect.any(Number),
    });
    await waitFor(() => Promise.resolve(engine.output.includes('/health/live?api_key=[redacted]') ? true : undefined), 5_000, 'the access lines');
    expect(engine.output).not.toContain(API_TOKEN);
    expect(engine.output).not.toContain(WRONG_TOKEN);
    expect(engine.output).not.toContain(BACKUP_PASSWORD);
  });

  it('shows the backup API in /health/ready without its password', async () => {
    const ready = (await (await fetch(`${engine.url}/health/ready`)).json()) as { checks: { backup_api: { ok: boolean; detail: string } } };
    expect(ready.checks.backup_api).toEqual({ ok: true, detail: expect.stringMatching(/^engine API at http:\/\/127\.0\.0\.1:\d+\/ answers$/) });
    expect(JSON.stringify(ready)).not.toContain(BACKUP_PASSWORD);
  });

  it("keeps the simulator's tokens off its start-up line", async () => {
    const port = await freePort();
    let output = '';
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'backup-client', 'simulator', 'main.ts')],
      {
        env: {
          PATH: process.env.PATH ?? '',
          SIM_PORT: String(port),
          SIM_TOKEN,
          SIM_TELEMETRY_TOKEN: API_TOKEN,
          SIM_TELEMETRY_URL: `http://telemetry:${BACKUP_PASSWORD}@127.0.0.1:1/`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const line = await waitFor(() => Promise.resolve(output.split('\n').find((l) => l.includes('simulator listening'))), 30_000, 'the start-up line');
      expect(JSON.parse(line).options).toMatchObject({ token: '[redacted]', telemetryToken: '[redacted]', telemetryUrl: 'http://127.0.0.1:1/' });
      expect(output).not.toContain(SIM_TOKEN);
      expect(output).not.toContain(API_TOKEN);
      expect(output).not.toContain(BACKUP_PASSWORD);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
