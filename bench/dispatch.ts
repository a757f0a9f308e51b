import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { arg, freshMysqlDatabase, percentile } from './bench-engine';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:dispatch [-- --vms 1000 --concurrency 50 --latency 20 --duration 200 --samples 30 --db mariadb|sqlite]
 * Execute latency for a 1,000-VM group, then one full run timed against the ideal ⌈N/C⌉ × (L + D).
 */
async function main(): Promise<void> {
  const N = Number(arg('vms', '1000'));
  const C = Number(arg('concurrency', '50'));
  const L = Number(arg('latency', '20'));
  const D = Number(arg('duration', '200'));
  const samples = Number(arg('samples', '30'));
  const db = arg('db', 'mariadb');

  const sim = new BackupSimulator({ startLatencyMs: L, jobDurationMs: D, totalBytes: 1024 ** 3, telemetryIntervalMs: 60_000 });
  const simUrl = await sim.listen();
  const database = db === 'sqlite' ? undefined : await freshMysqlDatabase('dispatch');
  const engine = new EngineProcess(await freePort(), {
    BACKUP_API_URL: simUrl,
    ENGINE_MAX_CONCURRENT_JOBS: String(Math.max(C, 50)),
    JOB_POLL_INTERVAL_MS: arg('poll', '5000'),
    ...(database
      ? { DATABASE_URL: database.url }
      : { SQLITE_PATH: process.env.BENCH_SQLITE_PATH ?? join(mkdtempSync(join(tmpdir(), 'pfe-bench-')), 'bench.sqlite') }),
  });
  sim.options.telemetryUrl = engine.url;
  try {
    await engine.start();
    const { group, repo } = await seed(engine, N, C);

    const latencies = await measureExecuteLatency(engine, group, repo, samples);
    sim.resetStats();

    const flow = (
      await engine.json<{ id: string }>('POST', '/protection-flows', {
        name: 'bench-run',
        flow_type: 'backup',
        target_type: 'group',
        target_id: group,
        repository_id: repo,
      })
    ).id;
    const rssBefore = engine.rssMb();
    let peakRss = rssBefore;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, engine.rssMb())), 100);
    const cpu0 = engine.cpuSeconds();
    const t0 = Date.now();
    const execution = await engine.json<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {});
    const done = await waitDone(engine, flow);
    if (done.id !== execution.id) throw new Error('unexpected execution');
    const total = Date.now() - t0;
    const cpu = engine.cpuSeconds() - cpu0;
    clearInterval(rssTimer);

    const ideal = Math.ceil(N / C) * (L + D);
    const stats = sim.snapshot();
    const startedOnce = Object.values(stats.starts).every((n) => n === 1) && Object.keys(stats.starts).length === N;
    const rows: Array<[string, string]> = [
      ['database', db],
      ['VMs / max_concurrent_vms / start latency / job duration', `${N} / ${C} / ${L} ms / ${D} ms`],
      [
        'execute latency p50 / p99 (ms)',
        `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}  (${latencies.length} samples; target p99 < 100)`,
      ],
      ['run outcome', `${done.status}, ${done.jobs_completed} completed, ${done.jobs_failed} failed`],
      ['total run time (ms)', String(total)],
      ['ideal ⌈N/C⌉ × (L + D) (ms)', String(ideal)],
      ['total / ideal', `${(total / ideal).toFixed(2)}  (target ≤ 1.20)`],
      ['peak concurrency at the backup API', `${stats.maxConcurrent} (limit ${C})`],
      ['every VM started exactly once', String(startedOnce)],
      ['engine CPU during the run (s, % of one core)', `${cpu.toFixed(2)} (${Math.round((cpu * 100000) / total)}%)`],
      ['engine CPU per job (ms)', `${((cpu * 1000) / N).toFixed(2)}  (target ≤ 3)`],
      ['engine RSS before / peak / 10 s after the run (MB)', `${rssBefore} / ${peakRss} / ${await settledRss(engine)}  (target: after within 50 of before)`],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(58)} ${v}\n`);
  } catch (err) {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the engine's last log lines are still in the pipe
    process.stderr.write(`engine output (last 8 kB):\n${engine.output.slice(-8000)}\n`);
    throw err;
  } finally {
    await engine.stop();
    await sim.close();
    await database?.drop();
  }
}

/** RSS once the run's garbage had time to go (10 s after the run). */
async function settledRss(engine: EngineProcess): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  return engine.rssMb();
}

async function seed(engine: EngineProcess, n: number, c: number): Promise<{ group: string; repo: number }> {
  const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'bench-repo', type: 'local' })).id;
  const group = (await engine.json<{ id: string }>('POST', '/machine-groups', { name: 'bench-group', max_concurrent_vms: c })).id;
  for (let i = 0; i < n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, async (_, k) => {
        const name = `bench-vm-${String(i + k).padStart(5, '0')}`;
        const vm = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: name })).context_id;
        await engine.json('POST', `/machine-groups/${group}/vms`, { vm_context_id: vm });
      }),
    );
  }
  return { group, repo };
}

/** Executes (and at once cancels) a 1,000-VM flow `samples` times, timing each execute call. */
async function measureExecuteLatency(engine: EngineProcess, group: string, repo: number, samples: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const flow = (
      await engine.json<{ id: string }>('POST', '/protection-flows', {
        name: `latency-${i}`,
        flow_type: 'backup',
        target_type: 'group',
        target_id: group,
        repository_id: repo,
      })
    ).id;
    const t0 = performance.now();
    const execution = await engine.json<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {});
    latencies.push(performance.now() - t0);
    await engine.json('POST', `/flow-executions/${execution.id}/cancel`);
    await waitDone(engine, flow);
  }
  return latencies;
}

interface ExecutionSummary {
  id: string;
  status: string;
  jobs_completed: number;
  jobs_failed: number;
}

/** Polls the flow's newest execution (a small answer; the detail view carries every job row). */
/** Watches the flow's status (one cheap read every 25 ms, so the watching costs the engine little), then reads the run. */
async function waitDone(engine: EngineProcess, flowId: string): Promise<ExecutionSummary> {
  for (;;) {
    const flow = await engine.json<{ status: { last_execution_status: string | null } }>('GET', `/protection-flows/${flowId}`);
    if (flow.status.last_execution_status !== null && flow.status.last_execution_status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const { executions } = await engine.json<{ executions: ExecutionSummary[] }>('GET', `/protection-flows/${flowId}/executions?limit=1`);
  return executions[0];
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
