import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CronJob } from 'cron';
import { createConnection } from 'mysql2/promise';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { arg, freshMysqlDatabase, percentile } from './bench-engine';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:scheduler [-- --flows 10000 --shared 1000]
 * Start-up with 10,000 scheduled flows (vs the bare cron package), event-loop stalls seen from
 * outside (/health latency while registering), RSS, and how late 1,000 flows sharing one
 * occurrence get their execution rows.
 */
async function main(): Promise<void> {
  const total = Number(arg('flows', '10000'));
  const shared = Number(arg('shared', '1000'));
  const bareMs = bareCronStartup(total);
  const sim = new BackupSimulator({ startLatencyMs: 5, jobDurationMs: 200, totalBytes: 1024 });
  const database = await freshMysqlDatabase('scheduler');
  const env = { DATABASE_URL: database.url, BACKUP_API_URL: await sim.listen(), SCHEDULER_RECONCILE_MS: '5000' };
  let engine = new EngineProcess(await freePort(), env);
  try {
    await engine.start(); // migrates the empty database
    await engine.stop();
    const sharedAt = new Date(Math.ceil((Date.now() + Number(arg('occurrence-in', '75')) * 1000) / 1000) * 1000);
    await seed(database.url, total, shared, sharedAt);

    engine = new EngineProcess(await freePort(), env);
    const started = Date.now();
    const listenMs = await engine.start();
    const { readyMs, worstHealthMs, healthSamples } = await waitForScheduler(engine, total, started);
    const rssAfterStartup = engine.rssMb();
    const heapAfterStartup = await heapMb(engine);
    const idle = await idleCost(engine, Math.min(30_000, sharedAt.getTime() - Date.now() - 10_000));

    if (process.argv.includes('--heap-snapshot')) {
      engine.requestHeapSnapshot();
      await new Promise((resolve) => setTimeout(resolve, 20_000));
    }
    if (process.argv.includes('--startup-only')) {
      process.stdout.write(
        `registered ${readyMs} ms, RSS ${rssAfterStartup} MB, heap ${heapAfterStartup}, idle engine ${idle.engine.toFixed(1)}% db ${idle.database.toFixed(1)}%\n`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sharedAt.getTime() - Date.now() + 10_000)));
    const delays = await occurrenceDelays(database.url, sharedAt);
    const rows: Array<[string, string]> = [
      ['scheduled flows (CronJobs)', String(total)],
      ['bare cron: create + start the same CronJobs (ms)', String(bareMs)],
      ['engine: process start → listening (ms)', String(listenMs)],
      ['engine: process start → every CronJob registered (ms)', `${readyMs}  (${(readyMs / bareMs).toFixed(2)} × bare cron; target ≤ 1.3)`],
      ['worst /health answer while registering (ms)', `${worstHealthMs}  (${healthSamples} probes; target: no stall over 100)`],
      ['engine RSS after start-up (MB)', `${rssAfterStartup}  (target < 300)`],
      ['engine V8 heap used / total after start-up (MB)', heapAfterStartup],
      [
        `idle, nothing due, over ${Math.round(idle.seconds)} s: engine / database CPU`,
        `${idle.engine.toFixed(1)}% / ${idle.database.toFixed(1)}% of one core  (target < 5% each)`,
      ],
      [`flows sharing one occurrence`, `${shared} at ${sharedAt.toISOString()}`],
      ['execution rows created', String(delays.created.length)],
      ['delay scheduled time → occurrence claimed p50 / p99 (ms)', `${percentile(delays.claimed, 50)} / ${percentile(delays.claimed, 99)}`],
      [
        'delay scheduled time → execution row p50 / p99 (ms)',
        `${percentile(delays.created, 50)} / ${percentile(delays.created, 99)}  (target p99 < 1000 at 100,000 flows; < 2000 at 10,000)`,
      ],
      ['engine RSS after the shared occurrence (MB)', `${engine.rssMb()}  (target < 450)`],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(58)} ${v}\n`);
  } finally {
    await engine.stop();
    await sim.close();
    await database.drop();
  }
}

/** The engine's own view of its heap (from /metrics). */
async function heapMb(engine: EngineProcess): Promise<string> {
  const text = await (await fetch(`${engine.url}/metrics`)).text();
  const value = (name: string) => Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((l) => l.startsWith(`${name} `)) ?? '')?.[2] ?? NaN);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return `${mb(value('nodejs_heap_size_used_bytes'))} / ${mb(value('nodejs_heap_size_total_bytes'))} (external ${mb(value('nodejs_external_memory_bytes'))})`;
}

/** CPU used by the engine and by the database server over `ms` while nothing is due, in % of one core. */
async function idleCost(engine: EngineProcess, ms: number): Promise<{ seconds: number; engine: number; database: number }> {
  const databasePid = mariadbPid();
  const t0 = Date.now();
  const engine0 = engine.cpuSeconds();
  const database0 = databasePid ? processCpuSeconds(databasePid) : 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(1000, ms)));
  const seconds = (Date.now() - t0) / 1000;
  return {
    seconds,
    engine: ((engine.cpuSeconds() - engine0) / seconds) * 100,
    database: databasePid ? ((processCpuSeconds(databasePid) - database0) / seconds) * 100 : NaN,
  };
}

function mariadbPid(): number | undefined {
  try {
    return Number(execFileSync('pidof', ['mariadbd'], { encoding: 'utf8' }).trim().split(' ')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function bareCronStartup(count: number): number {
  const t0 = Date.now();
  const jobs = Array.from({ length: count }, (_, i) =>
    CronJob.from({ cronTime: i % 2 ? '0 0 3 1 1 *' : '0 30 4 * * 0', onTick: () => undefined, start: true, timeZone: 'UTC' }),
  );
  const elapsed = Date.now() - t0;
  for (const job of jobs) void job.stop();
  return elapsed;
}

/** Writes the flows straight into the database (the API would take minutes for 10,000). */
async function seed(url: string, total: number, shared: number, sharedAt: Date): Promise<void> {
  const db = await createConnection({ uri: url, timezone: 'Z' });
  try {
    await db.query("INSERT INTO backup_repositories (name, repository_type, enabled, is_immutable, min_retention_days) VALUES ('bench', 'local', 1, 0, 0)");
    const vm = randomUUID();
    await db.query('INSERT INTO vm_contexts (context_id, vm_name) VALUES (?, ?)', [vm, 'bench-vm']);
    const rare = randomUUID();
    const soon = randomUUID();
    const cron = `${sharedAt.getUTCSeconds()} ${sharedAt.getUTCMinutes()} ${sharedAt.getUTCHours()} * * *`;
    await db.query('INSERT INTO schedules (id, name, cron_expression, timezone, enabled) VALUES (?, ?, ?, ?, 1), (?, ?, ?, ?, 1)', [
      rare,
      'yearly',
      '0 0 3 1 1 *',
      'UTC',
      soon,
      'shared',
      cron,
      'UTC',
    ]);
    // Flows made long before the run, as in a real installation (not changed since the replica's last pass).
    const longAgo = new Date(Date.now() - 3600_000);
    await db.query('UPDATE schedules SET created_at = ?, updated_at = ?', [longAgo, longAgo]);
    for (let i = 0; i < total; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, total - i) }, (_, k) => {
        const n = i + k;
        const schedule = n < shared ? soon : rare;
        const next = n < shared ? sharedAt : new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1, 3));
        return [randomUUID(), `bench-flow-${n}`, 'backup', 'vm', vm, 1, schedule, 1, next, longAgo, longAgo];
      });
      await db.query(
        'INSERT INTO protection_flows (id, name, flow_type, target_type, target_id, repository_id, schedule_id, enabled, next_execution_time, created_at, updated_at) VALUES ?',
        [rows],
      );
    }
  } finally {
    await db.end();
  }
}

async function waitForScheduler(
  engine: EngineProcess,
  total: number,
  started: number,
): Promise<{ readyMs: number; worstHealthMs: number; healthSamples: number }> {
  let worst = 0;
  let samples = 0;
  for (;;) {
    const t0 = performance.now();
    const health = (await (await fetch(`${engine.url}/health`)).json()) as { scheduler: { state: string; cron_jobs: number } };
    worst = Math.max(worst, performance.now() - t0);
    samples++;
    if (health.scheduler.state === 'running' && health.scheduler.cron_jobs >= total) {
      return { readyMs: Date.now() - started, worstHealthMs: Math.round(worst), healthSamples: samples };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function occurrenceDelays(url: string, sharedAt: Date): Promise<{ created: number[]; claimed: number[] }> {
  const db = await createConnection({ uri: url, timezone: 'Z' });
  try {
    const [rows] = await db.query(
      'SELECT e.created_at AS created, s.scheduled_at AS scheduled, s.fired_at AS fired FROM protection_flow_executions e JOIN schedule_executions s ON s.id = e.schedule_execution_id WHERE s.scheduled_at = ?',
      [sharedAt],
    );
    const typed = rows as Array<{ created: Date; scheduled: Date; fired: Date }>;
    return {
      created: typed.map((r) => r.created.getTime() - r.scheduled.getTime()),
      claimed: typed.map((r) => r.fired.getTime() - r.scheduled.getTime()),
    };
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
