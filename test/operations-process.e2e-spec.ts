import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { EngineProcess, freePort } from '../bench/engine-process';
import { TcpProxy } from './support/tcp-proxy';
import { waitFor } from './support/test-app';
import { createTestDatabase, dropTestDatabase, engineDatabaseEnv } from './support/test-database';

interface Execution {
  id: string;
  status: string;
  jobs: Array<{ vm_name: string; status: string }>;
}

const mysqlOnly = process.env.DATABASE_URL ? describe : describe.skip;

/** The log lines of an engine process (JSON), parsed. */
function logLines(engine: EngineProcess): Array<Record<string, unknown>> {
  return engine.output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('An engine process: access logs, graceful stop', () => {
  let sim: BackupSimulator;
  let engine: EngineProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    await createTestDatabase();
    sim = new BackupSimulator({ startLatencyMs: 20, jobDurationMs: 1500, totalBytes: 1024 });
    env = {
      BACKUP_API_URL: await sim.listen(),
      JOB_POLL_INTERVAL_MS: '200',
      EXECUTION_LEASE_MS: '3000',
      LOG_LEVEL: 'info',
      ...engineDatabaseEnv(),
    };
    engine = new EngineProcess(await freePort(), env);
    await engine.start();
  }, 120_000);
  afterAll(async () => {
    await engine?.kill();
    await sim?.close();
    await dropTestDatabase();
  });

  it('writes one access line per request and keeps request, flow and execution ids on the lines of a run', async () => {
    const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'logs-repo', type: 'local' })).id;
    const vm = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'logs-vm' })).context_id;
    const flow = (
      await engine.json<{ id: string }>('POST', '/protection-flows', {
        name: 'logs',
        flow_type: 'backup',
        target_type: 'vm',
        target_id: vm,
        repository_id: repo,
      })
    ).id;
    const response = await fetch(`${engine.url}/api/v1/protection-flows/${flow}/execute`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'run-it-now-1' },
      body: '{}',
    });
    const execution = (await response.json()) as { id: string };
    await waitFor(() => Promise.resolve(logLines(engine).some((l) => l.step === 'finished' && l.execution_id === execution.id) ? true : undefined), 15_000);
    const lines = logLines(engine);
    const access = lines.find((l) => l.msg === 'request completed' && l.request_id === 'run-it-now-1');
    expect(access).toMatchObject({ route: '/api/v1/protection-flows/:id/execute', method: 'POST', status: 202, duration_ms: expect.any(Number) });
    const started = lines.find((l) => l.step === 'started' && l.execution_id === execution.id);
    expect(started).toMatchObject({ flow_id: flow, request_id: 'run-it-now-1' }); // written while the request was handled
    expect(lines.filter((l) => l.execution_id === execution.id).every((l) => l.flow_id === flow)).toBe(true);
  });

  it('stops within 10 s on SIGTERM, handing its run over: the next engine finishes it, every VM backed up once', async () => {
    const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'stop-repo', type: 'local' })).id;
    const group = (await engine.json<{ id: string }>('POST', '/machine-groups', { name: 'stop-group', max_concurrent_vms: 2 })).id;
    const names = ['stop-1', 'stop-2', 'stop-3', 'stop-4', 'stop-5', 'stop-6'];
    for (const name of names) {
      const vm = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: name })).context_id;
      await engine.json('POST', `/machine-groups/${group}/vms`, { vm_context_id: vm });
    }
    const flow = (
      await engine.json<{ id: string }>('POST', '/protection-flows', {
        name: 'stop',
        flow_type: 'backup',
        target_type: 'group',
        target_id: group,
        repository_id: repo,
      })
    ).id;
    sim.resetStats();
    const id = (await engine.json<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {})).id;
    await waitFor(() => Promise.resolve(Object.keys(sim.snapshot().starts).length >= 2 ? true : undefined), 10_000);
    const stopping = Date.now();
    await engine.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
    const startedWhileStopping = Object.keys(sim.snapshot().starts).length;
    expect(startedWhileStopping).toBeLessThan(names.length); // it stopped dispatching

    await engine.start();
    const done = await waitFor(async () => {
      const res = await engine.api<Execution>('GET', `/flow-executions/${id}`);
      return res.body.status === 'running' ? undefined : res.body;
    }, 30_000);
    expect(done.status).toBe('success');
    const starts = sim.snapshot().starts;
    expect(names.map((n) => starts[n])).toEqual(names.map(() => 1));
  });
});

mysqlOnly('While the database is unreachable', () => {
  let engine: EngineProcess;
  let proxy: TcpProxy;

  beforeAll(async () => {
    await createTestDatabase();
    const url = new URL(process.env.DATABASE_URL as string);
    proxy = new TcpProxy(url.hostname, Number(url.port || 3306));
    url.port = String(await proxy.start());
    engine = new EngineProcess(await freePort(), { DATABASE_URL: url.toString(), SCHEDULER_ENABLED: 'false' });
    await engine.start();
  }, 120_000);
  afterAll(async () => {
    await engine?.kill();
    await proxy?.stop();
    await dropTestDatabase();
  });

  it('answers API calls 503 with Retry-After and the error envelope, and readiness names the database', async () => {
    expect((await engine.api('GET', '/protection-flows')).status).toBe(200);
    proxy.cut();
    const res = await fetch(`${engine.url}/api/v1/protection-flows`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ status: 503, error: expect.stringMatching(/database is unreachable/), request_id: expect.any(String) });
    const ready = await fetch(`${engine.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { failing: string[] }).failing).toContain('database');
    proxy.restore();
    await waitFor(async () => ((await engine.api('GET', '/protection-flows')).status === 200 ? true : undefined), 20_000, 'the API to answer again');
  });
});
