import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { arg, freshMysqlDatabase } from './bench-engine';
import { EngineProcess, freePort } from './engine-process';

interface SchedulerHealth {
  state: string;
  cron_jobs: number;
  shares_held: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * npm run bench:scale [-- --flows 1000000 --replicas 4 --frequent 1000]
 * Replicas sharing the schedule on one MariaDB: the flows are seeded by SQL (`--frequent` of them
 * every 10 s, the rest yearly); the replicas start together; per replica the CronJobs, shares, RSS
 * and CPU once settled; then one is SIGKILLed: how long until the others hold its shares and
 * flows, and whether every frequent flow fired again.
 */
async function main(): Promise<void> {
  const total = Number(arg('flows', '1000000'));
  const count = Number(arg('replicas', '4'));
  const frequent = Math.min(total, Number(arg('frequent', '1000')));
  const sim = new BackupSimulator({ startLatencyMs: 5, jobDurationMs: 200, totalBytes: 1024 });
  const database = await freshMysqlDatabase('scale');
  const env = { DATABASE_URL: database.url, BACKUP_API_URL: await sim.listen() };
  const migrate = new EngineProcess(await freePort(), { ...env, SCHEDULER_ENABLED: 'false' });
  const replicas: EngineProcess[] = [];
  try {
    await migrate.start();
    await migrate.stop();
    const seedMs = await seed(database.url, total, frequent);
    for (let i = 0; i < count; i++) replicas.push(new EngineProcess(await freePort(), env));
    const started = Date.now();
    await Promise.all(replicas.map((r) => r.start(300_000)));
    await settled(replicas, total, 600_000);
    const settledMs = Date.now() - started;
    await sleep(15_000); // let the last rebalance and its garbage settle before measuring
    const states = await Promise.all(replicas.map(health));
    const cpu = await cpuPercent(replicas, 30_000);
    const cpuLabel = frequent > 0 ? `CPU % of a core (${frequent} runs / 10 s in all)` : 'idle CPU % of a core';
    const lines: Array<[string, string]> = [
      ['flows (every 10 s) / replicas / shares', `${total} (${frequent}) / ${count} / 256  (seeded in ${seedMs} ms)`],
      ['processes start → every flow registered once, balanced (ms)', String(settledMs)],
      ...replicas.map((r, i): [string, string] => [
        `replica ${i + 1}: CronJobs / shares / RSS MB / ${cpuLabel}`,
        `${states[i].cron_jobs} (${((states[i].cron_jobs / total) * 100).toFixed(1)}%) / ${states[i].shares_held} / ${r.rssMb()} / ${cpu[i].toFixed(1)}`,
      ]),
      ['CronJobs in all (target: = flows)', String(states.reduce((n, s) => n + s.cron_jobs, 0))],
    ];

    const victimIndex = states.indexOf([...states].sort((x, y) => y.cron_jobs - x.cron_jobs)[0]);
    const victim = replicas[victimIndex];
    const survivors = replicas.filter((r) => r !== victim);
    await victim.kill();
    const killedAt = Date.now();
    const takeoverMs = await settled(survivors, total, 300_000);
    await sleep(25_000);
    const fired = await firedSince(database.url, new Date(killedAt + takeoverMs));
    const after = await Promise.all(survivors.map(health));
    lines.push(
      [`SIGKILL replica ${victimIndex + 1} (${states[victimIndex].cron_jobs} CronJobs): takeover (ms, target ≤ 60,000)`, String(takeoverMs)],
      ['survivors: CronJobs / shares / RSS MB', after.map((s, i) => `${s.cron_jobs} / ${s.shares_held} / ${survivors[i].rssMb()}`).join('; ')],
      [`frequent flows with all ${fired.slots} occurrences after the takeover recorded (of ${frequent})`, String(fired.flows)],
      ['occurrences after the kill recorded twice (target 0)', String(fired.doubled)],
      ['occurrences of the gap caught up / recorded missed', `${fired.caughtUp} / ${fired.missed}`],
    );
    for (const [k, v] of lines) process.stdout.write(`${k.padEnd(66)} ${v}\n`);
  } finally {
    for (const r of replicas) await r.kill();
    await sim.close();
    await database.drop();
  }
}

async function health(r: EngineProcess): Promise<SchedulerHealth> {
  return ((await (await fetch(`${r.url}/health`)).json()) as { scheduler: SchedulerHealth }).scheduler;
}

/** Waits until the replicas hold every share and register every flow once; returns ms. */
async function settled(replicas: EngineProcess[], total: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const states = await Promise.all(replicas.map(health));
    const shares = states.reduce((n, s) => n + s.shares_held, 0);
    const jobs = states.reduce((n, s) => n + s.cron_jobs, 0);
    const fair = Math.floor(256 / replicas.length);
    if (shares === 256 && jobs === total && states.every((s) => s.state === 'running' && s.shares_held >= fair)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(states)}`);
    await sleep(250);
  }
}

async function cpuPercent(replicas: EngineProcess[], ms: number): Promise<number[]> {
  const before = replicas.map((r) => r.cpuSeconds());
  await sleep(ms);
  return replicas.map((r, i) => ((r.cpuSeconds() - before[i]) / (ms / 1000)) * 100);
}

async function seed(url: string, total: number, frequent: number): Promise<number> {
  const started = Date.now();
  const db = await createConnection({ uri: url, timezone: 'Z' });
  try {
    await db.query("INSERT INTO backup_repositories (name, repository_type, enabled, is_immutable, min_retention_days) VALUES ('bench', 'local', 1, 0, 0)");
    const vms = Array.from({ length: 100 }, () => randomUUID());
    await db.query('INSERT INTO vm_contexts (context_id, vm_name) VALUES ?', [vms.map((id, i) => [id, `bench-vm-${i}`])]);
    const [rare, often] = [randomUUID(), randomUUID()];
    const longAgo = new Date(Date.now() - 3600_000);
    await db.query('INSERT INTO schedules (id, name, cron_expression, timezone, enabled, created_at, updated_at) VALUES ?', [
      [
        [rare, 'yearly', '0 0 3 1 1 *', 'UTC', 1, longAgo, longAgo],
        [often, 'every-10s', '*/10 * * * * *', 'UTC', 1, longAgo, longAgo],
      ],
    ]);
    const nextYear = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1, 3));
    // Inserted in key order (InnoDB appends instead of splitting pages); the frequent flows spread over every share.
    const ids = Array.from({ length: total }, () => randomUUID()).sort();
    const every = frequent > 0 ? Math.floor(total / frequent) : 0;
    for (let i = 0; i < total; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, total - i) }, (_, k) => {
        const n = i + k;
        const isFrequent = every > 0 && n % every === 0 && n / every < frequent;
        const schedule = isFrequent ? often : rare;
        return [ids[n], `scale-flow-${n}`, 'backup', 'vm', vms[n % vms.length], 1, schedule, 1, isFrequent ? null : nextYear, longAgo, longAgo];
      });
      await db.query(
        'INSERT INTO protection_flows (id, name, flow_type, target_type, target_id, repository_id, schedule_id, enabled, next_execution_time, created_at, updated_at) VALUES ?',
        [rows],
      );
    }
  } finally {
    await db.end();
  }
  return Date.now() - started;
}

/**
 * Frequent flows whose every 10-s occurrence after `since` was recorded (fired, or skipped because
 * its previous run was still going); occurrences recorded twice; how the gap was caught up.
 */
async function firedSince(url: string, since: Date): Promise<{ flows: number; slots: number; doubled: number; caughtUp: number; missed: number }> {
  const db = await createConnection({ uri: url, timezone: 'Z' });
  try {
    const one = async (sql: string, params: unknown[]) => Number(((await db.query(sql, params))[0] as Array<{ n: number }>)[0].n);
    const slots: Date[] = [];
    for (let t = Math.ceil((since.getTime() + 1) / 10_000) * 10_000; t <= Date.now() - 3000; t += 10_000) slots.push(new Date(t));
    const flows = await one(
      `SELECT COUNT(*) AS n FROM (SELECT flow_id FROM schedule_executions WHERE scheduled_at IN (${slots.map(() => '?').join(', ')}) GROUP BY flow_id HAVING COUNT(*) = ?) f`,
      [...slots, slots.length],
    );
    return {
      flows,
      slots: slots.length,
      doubled: await one(
        'SELECT COUNT(*) AS n FROM (SELECT flow_id, scheduled_at FROM schedule_executions GROUP BY flow_id, scheduled_at HAVING COUNT(*) > 1) d',
        [],
      ),
      caughtUp: await one("SELECT COUNT(*) AS n FROM schedule_executions WHERE outcome = 'caught_up'", []),
      missed: await one("SELECT COUNT(*) AS n FROM schedule_executions WHERE outcome = 'missed'", []),
    };
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
