import type { EngineProcess } from '../bench/engine-process';
import { ReplicaCluster } from './support/replica-cluster';
import { SseClient } from './support/sse-client';

interface Occurrence {
  scheduled_at: string;
  outcome: string;
  flow_execution_id: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mysqlOnly = process.env.DATABASE_URL ? describe : describe.skip;

/** Occurrence times (ms) between from and to, inclusive, as recorded. */
function timesBetween(rows: Occurrence[], from: number, to: number): number[] {
  return rows
    .map((r) => new Date(r.scheduled_at).getTime())
    .filter((t) => t >= from && t <= to)
    .sort((a, b) => a - b);
}

function expectEvery(times: number[], stepMs: number, from: number, to: number): void {
  const first = Math.ceil(from / stepMs) * stepMs;
  const expected: number[] = [];
  for (let t = first; t <= to; t += stepMs) expected.push(t);
  expect(times).toEqual(expected);
}

// SQLite is single-replica; several engines share one MySQL/MariaDB database.
mysqlOnly('Two engine replicas on one database', () => {
  let cluster: ReplicaCluster | undefined;
  let a: EngineProcess;
  let b: EngineProcess;

  beforeAll(async () => {
    cluster = await ReplicaCluster.start(2, {
      SCHEDULER_RECONCILE_MS: '1000',
      EXECUTION_LEASE_MS: '3000',
      SCHEDULER_SHARE_LEASE_MS: '2000',
      SCHEDULER_SHARE_RENEW_MS: '500',
    });
    [a, b] = cluster.replicas;
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('streams a change made through one replica to a client of the other within 2 s', async () => {
    const stream = await SseClient.connect(`${b.url}/api/v1/events/stream`);
    try {
      const started = Date.now();
      const repo = (await a.api<{ id: number }>('POST', '/repositories', { name: 'streamed', type: 'local' })).body.id;
      const vm = (await a.api<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'streamed-vm' })).body.context_id;
      const flow = (
        await a.api<{ id: string }>('POST', '/protection-flows', {
          name: 'streamed',
          flow_type: 'backup',
          target_type: 'vm',
          target_id: vm,
          repository_id: repo,
        })
      ).body.id;
      const created = Date.now();
      await stream.next((e) => e.event === 'flow.created' && e.data.flow_id === flow, 5000);
      expect(Date.now() - created).toBeLessThan(2000);
      expect(created - started).toBeLessThan(5000);
    } finally {
      stream.close();
    }
  });

  it('drops and restores the CronJob on the replica holding its share when a flow is disabled, enabled and deleted through one', async () => {
    const cronJobs = async (engine: EngineProcess) =>
      ((await (await fetch(`${engine.url}/health`)).json()) as { scheduler: { cron_jobs: number } }).scheduler.cron_jobs;
    // Together the replicas hold one CronJob per scheduled flow, whichever of them holds the flow's share.
    const both = async () => (await cronJobs(a)) + (await cronJobs(b));
    const eventually = async (expected: number) => {
      const deadline = Date.now() + 5000;
      while ((await both()) !== expected && Date.now() < deadline) await sleep(100);
      expect(await both()).toBe(expected);
    };
    const before = await both();
    const repo = (await a.api<{ id: number }>('POST', '/repositories', { name: 'toggled-repo', type: 'local' })).body.id;
    const vm = (await a.api<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'toggled-vm' })).body.context_id;
    const schedule = (await a.api<{ id: string }>('POST', '/schedules', { name: 'yearly', cron_expression: '0 0 3 1 1 *' })).body.id;
    const body = { flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: repo, schedule_id: schedule };
    const flow = (await a.api<{ id: string }>('POST', '/protection-flows', { name: 'toggled', ...body })).body.id;
    await eventually(before + 1); // created on A: the holder of its share (A or B) registers it
    await a.api('PATCH', `/protection-flows/${flow}/disable`);
    await eventually(before);
    await a.api('PATCH', `/protection-flows/${flow}/enable`);
    await eventually(before + 1);
    await a.api('DELETE', `/protection-flows/${flow}`);
    await eventually(before); // a deletion leaves no row: the holder finds it by the count
  }, 60_000);

  it('fires every occurrence exactly once, follows changes made on the other replica, and survives one replica dying', async () => {
    const repo = (await a.api<{ id: number }>('POST', '/repositories', { name: 'r', type: 'local' })).body.id;
    const vm = (await a.api<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'replicated-vm' })).body.context_id;
    const schedule = (await a.api<{ id: string }>('POST', '/schedules', { name: 'every-second', cron_expression: '* * * * * *' })).body.id;
    const flow = (
      await a.api<{ id: string }>('POST', '/protection-flows', {
        name: 'replicated',
        flow_type: 'backup',
        target_type: 'vm',
        target_id: vm,
        repository_id: repo,
        schedule_id: schedule,
      })
    ).body.id;
    const occurrences = async () =>
      (await b.api<{ schedule_executions: Occurrence[] }>('GET', `/protection-flows/${flow}/schedule-executions?limit=500`)).body.schedule_executions;

    // Phase 1: both replicas fire the per-second schedule.
    const p1From = Date.now() + 2500;
    await sleep(8000);
    const p1To = Date.now() - 1500;
    let rows = await occurrences();
    expectEvery(timesBetween(rows, p1From, p1To), 1000, p1From, p1To);
    const fired = rows.filter((r) => r.outcome === 'fired');
    expect(new Set(fired.map((r) => r.flow_execution_id)).size).toBe(fired.length);
    expect(rows.every((r) => ['fired', 'skipped_overlap'].includes(r.outcome))).toBe(true);

    // Phase 2: a schedule edit made through A reaches B within the reconcile interval.
    await a.api('PUT', `/schedules/${schedule}`, { cron_expression: '*/2 * * * * *' });
    const p2From = Date.now() + 2500;
    await sleep(6000);
    const p2To = Date.now() - 1500;
    rows = await occurrences();
    expectEvery(timesBetween(rows, p2From, p2To), 2000, p2From, p2To);

    // Phase 3: A dies; B alone fires every occurrence.
    await a.kill();
    const p3From = Date.now() + 500;
    await sleep(6000);
    const p3To = Date.now() - 1500;
    rows = await occurrences();
    expectEvery(timesBetween(rows, p3From, p3To), 2000, p3From, p3To);
  }, 60_000);
});
