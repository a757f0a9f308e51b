import type { EngineProcess } from '../bench/engine-process';
import { ReplicaCluster } from './support/replica-cluster';

interface SchedulerHealth {
  cron_jobs: number;
  shares_held: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mysqlOnly = process.env.DATABASE_URL ? describe : describe.skip;
const FLOWS = 24;
const STEP_MS = 5000;

// Several engines share one MySQL/MariaDB database (SQLite is single-replica).
mysqlOnly('Three replicas sharing the schedule', () => {
  let cluster: ReplicaCluster | undefined;
  let replicas: EngineProcess[];

  beforeAll(async () => {
    cluster = await ReplicaCluster.start(3, {
      SCHEDULER_RECONCILE_MS: '500',
      SCHEDULER_SHARES: '16',
      // Long enough that a hand-over at once (SIGTERM) is told apart from a lapsed lease (SIGKILL).
      SCHEDULER_SHARE_LEASE_MS: '6000',
      SCHEDULER_SHARE_RENEW_MS: '300',
    });
    replicas = cluster.replicas;
  }, 120_000);
  afterAll(() => cluster?.stop());

  const health = async (r: EngineProcess) => ((await (await fetch(`${r.url}/health`)).json()) as { scheduler: SchedulerHealth }).scheduler;
  const totals = async (live: EngineProcess[]) => {
    const states = await Promise.all(live.map(health));
    return { states, shares: states.reduce((n, s) => n + s.shares_held, 0), cronJobs: states.reduce((n, s) => n + s.cron_jobs, 0) };
  };
  /** Waits until the live replicas hold every share and every flow once; returns how long that took. */
  const settled = async (live: EngineProcess[], timeoutMs: number) => {
    const started = Date.now();
    for (;;) {
      const t = await totals(live);
      if (t.shares === 16 && t.cronJobs === FLOWS && t.states.every((s) => s.shares_held >= Math.floor(16 / live.length))) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`not settled: ${JSON.stringify(t)}`);
      await sleep(100);
    }
  };

  it('holds each flow once, balanced; takes over a killed replica and fires what it missed; hands over at once on SIGTERM', async () => {
    const [a] = replicas;
    const repo = (await a.api<{ id: number }>('POST', '/repositories', { name: 'shared-repo', type: 'local' })).body.id;
    const schedule = (await a.api<{ id: string }>('POST', '/schedules', { name: 'every-5s', cron_expression: '*/5 * * * * *' })).body.id;
    const flows: string[] = [];
    for (let i = 0; i < FLOWS; i++) {
      const vm = (await a.api<{ context_id: string }>('POST', '/vm-contexts', { vm_name: `shared-vm-${i}` })).body.context_id;
      const body = { name: `shared-${i}`, flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: repo, schedule_id: schedule };
      flows.push((await a.api<{ id: string }>('POST', '/protection-flows', body)).body.id);
    }
    // Created through one replica, registered by whichever holds each flow's share: one CronJob per flow in all.
    await settled(replicas, 15_000);
    const { states } = await totals(replicas);
    expect(states.map((s) => s.shares_held).sort()).toEqual([5, 5, 6]);

    // SIGKILL the replica with the most CronJobs: the others take its shares once its lease lapses.
    const victim = replicas[states.indexOf([...states].sort((x, y) => y.cron_jobs - x.cron_jobs)[0])];
    const survivors = replicas.filter((r) => r !== victim);
    await victim.kill();
    const killedAt = Date.now();
    // Not before the killed replica's lease lapses; settled() fails if it takes much longer.
    const takeoverMs = await settled(survivors, 30_000);
    expect(takeoverMs).toBeGreaterThanOrEqual(6000 - 300 - 500);

    // Every 5-s occurrence of every flow from the kill on is recorded exactly once — fired by a survivor, or caught up.
    await sleep(2 * STEP_MS + 1500);
    const from = Math.ceil(killedAt / STEP_MS) * STEP_MS;
    const to = Date.now() - 1500;
    const expected: number[] = [];
    for (let t = from; t <= to; t += STEP_MS) expected.push(t);
    const firedAfterTakeover: string[] = [];
    for (const flow of flows) {
      const rows = (
        await survivors[0].api<{ schedule_executions: Array<{ scheduled_at: string; outcome: string }> }>(
          'GET',
          `/protection-flows/${flow}/schedule-executions?limit=500`,
        )
      ).body.schedule_executions;
      const times = rows.map((r) => Date.parse(r.scheduled_at)).filter((t) => t >= from && t <= to);
      expect(times.sort((x, y) => x - y)).toEqual(expected);
      if (rows.some((r) => r.outcome === 'fired' && Date.parse(r.scheduled_at) > killedAt + takeoverMs)) firedAfterTakeover.push(flow);
    }
    expect(firedAfterTakeover).toEqual(flows);

    // SIGTERM hands the shares over at once: the last replica holds them all well before a lease would lapse.
    const [stays, leaves] = survivors;
    await leaves.stop();
    const stoppedAt = Date.now();
    await settled([stays], 10_000);
    expect(Date.now() - stoppedAt).toBeLessThan(4000); // well before the 6-s lease could lapse
    expect((await health(stays)).shares_held).toBe(16);
  }, 120_000);
});
