import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { ProtectionFlowEntity } from '../src/flows/protection-flow.entity';
import { CronRegistry } from '../src/scheduler/cron-registry';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startSimulatedEngine, stopSimulatedEngine } from './support/simulated-engine';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

interface Occurrence {
  scheduled_at: string;
  outcome: string;
  flow_execution_id: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Scheduler with real timers', () => {
  let t: TestApp, sim: BackupSimulator, fx: CatalogFixtures, repo: number;
  beforeAll(
    async () =>
      ({ t, sim, fx, repo } = await startSimulatedEngine({ startLatencyMs: 5, jobDurationMs: 100, totalBytes: 1024 }, { SCHEDULER_RECONCILE_MS: '60000' })),
  );
  afterAll(() => stopSimulatedEngine(t, sim));

  const occurrences = async (flowId: string): Promise<Occurrence[]> =>
    (await t.http.get(`/api/v1/protection-flows/${flowId}/schedule-executions?limit=500`).expect(200)).body.schedule_executions;
  const nextExecution = async (flowId: string): Promise<string | null> =>
    (await t.http.get(`/api/v1/protection-flows/${flowId}`).expect(200)).body.status.next_execution_time;
  const registered = (flowId: string) => t.app.get(CronRegistry).has(`flow:${flowId}`);

  it('fires every 2 s, and follows enable, disable, schedule edits and deletes at once', async () => {
    const schedule = (await t.http.post('/api/v1/schedules').send({ name: 'every-2s', cron_expression: '*/2 * * * * *' }).expect(201)).body.id;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('sched-vm'), repository_id: repo, schedule_id: schedule });
    expect(registered(flow)).toBe(true);
    const next = new Date((await nextExecution(flow)) as string);
    expect(next.getUTCSeconds() % 2).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(2000);

    await waitFor(
      async () => ((await occurrences(flow)).filter((o) => o.outcome === 'fired').length >= 3 ? true : undefined),
      12_000,
      'three fired occurrences',
    );
    const fired = (await occurrences(flow)).filter((o) => o.outcome === 'fired').reverse();
    for (const o of fired) expect(new Date(o.scheduled_at).getUTCSeconds() % 2).toBe(0);
    const gaps = fired.slice(1).map((o, i) => new Date(o.scheduled_at).getTime() - new Date(fired[i].scheduled_at).getTime());
    expect(gaps.every((g) => g === 2000)).toBe(true);
    const executions = (await t.http.get(`/api/v1/protection-flows/${flow}/executions?limit=100`).expect(200)).body.executions;
    expect(executions[0]).toMatchObject({ execution_type: 'scheduled', triggered_by: 'scheduler' });
    expect(executions.every((e: { schedule_execution_id: string | null }) => e.schedule_execution_id)).toBe(true);
    expect(new Date((await nextExecution(flow)) as string).getTime()).toBeGreaterThan(Date.now() - 1000);

    // Disable: the CronJob goes at once and nothing fires any more.
    await t.http.patch(`/api/v1/protection-flows/${flow}/disable`).expect(200);
    expect(registered(flow)).toBe(false);
    expect(await nextExecution(flow)).toBeNull();
    const countAtDisable = (await occurrences(flow)).length;
    await sleep(2500);
    expect((await occurrences(flow)).length).toBe(countAtDisable);

    // Enable: back, with a next run.
    await t.http.patch(`/api/v1/protection-flows/${flow}/enable`).expect(200);
    expect(registered(flow)).toBe(true);
    expect(await nextExecution(flow)).not.toBeNull();

    // Editing the schedule's cron or time zone changes the next occurrence at once.
    await t.http.put(`/api/v1/schedules/${schedule}`).send({ cron_expression: '0 0 12 * * *', timezone: 'Asia/Tokyo' }).expect(200);
    const noon = new Date((await nextExecution(flow)) as string);
    expect(noon.getUTCHours()).toBe(3); // 12:00 in Tokyo
    expect(noon.getUTCMinutes()).toBe(0);
    const job = t.app.get(CronRegistry);
    expect(job.has(`flow:${flow}`)).toBe(true);
    await t.http.put(`/api/v1/schedules/${schedule}`).send({ timezone: 'Europe/London' }).expect(200);
    expect([11, 12]).toContain(new Date((await nextExecution(flow)) as string).getUTCHours());

    // Disabling the schedule or deleting it stops the flow; so does deleting the flow.
    await t.http.put(`/api/v1/schedules/${schedule}`).send({ enabled: false }).expect(200);
    expect(registered(flow)).toBe(false);
    await t.http.put(`/api/v1/schedules/${schedule}`).send({ enabled: true }).expect(200);
    expect(registered(flow)).toBe(true);
    await t.http.delete(`/api/v1/schedules/${schedule}`).expect(409); // in use
    await t.http.delete(`/api/v1/schedules/${schedule}?detach=true`).expect(204);
    expect(registered(flow)).toBe(false);
    expect(await nextExecution(flow)).toBeNull();

    const other = (await t.http.post('/api/v1/schedules').send({ name: 'hourly-del', cron_expression: '@hourly' }).expect(201)).body.id;
    await t.http.put(`/api/v1/protection-flows/${flow}`).send({ schedule_id: other }).expect(200);
    expect(registered(flow)).toBe(true);
    await t.http.delete(`/api/v1/protection-flows/${flow}`).expect(204);
    expect(registered(flow)).toBe(false);
  });

  it('records skipped_overlap while a run is still going, with skip_if_running', async () => {
    sim.options.jobDurationMs = 2500;
    const schedule = (await t.http.post('/api/v1/schedules').send({ name: 'overlap-1s', cron_expression: '* * * * * *' }).expect(201)).body.id;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('overlap-sched-vm'), repository_id: repo, schedule_id: schedule });
    await waitFor(async () => ((await occurrences(flow)).some((o) => o.outcome === 'skipped_overlap') ? true : undefined), 8000, 'an overlap');
    await t.http.patch(`/api/v1/protection-flows/${flow}/disable`).expect(200);
    sim.options.jobDurationMs = 100;
    const all = await occurrences(flow);
    expect(all.filter((o) => o.outcome === 'fired').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((o) => o.outcome === 'skipped_overlap').every((o) => o.flow_execution_id === null)).toBe(true);
    expect((await t.http.get('/api/v1/protection-flows/summary').expect(200)).body.skipped_runs_today).toBeGreaterThanOrEqual(1);
  });

  it('buffers one occurrence as a pending run without skip_if_running, and starts it when the run ends', async () => {
    sim.options.jobDurationMs = 2500;
    const schedule = (await t.http.post('/api/v1/schedules').send({ name: 'buffer-1s', cron_expression: '* * * * * *', skip_if_running: false }).expect(201))
      .body.id;
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('buffer-vm'), repository_id: repo, schedule_id: schedule });
    const pending = await waitFor(
      async () => {
        const list = (await t.http.get(`/api/v1/protection-flows/${flow}/executions?status=pending`).expect(200)).body.executions;
        return list[0] as { id: string } | undefined;
      },
      8000,
      'a pending execution',
    );
    await sleep(1200);
    const beforeStart = await occurrences(flow);
    expect(beforeStart.some((o) => o.outcome === 'skipped_overlap')).toBe(true); // a second buffered one is refused
    expect((await t.http.get(`/api/v1/protection-flows/${flow}/executions?status=pending`).expect(200)).body.total).toBe(1);
    // Stop further occurrences without disabling the flow (that would drop its buffered run).
    await t.http.put(`/api/v1/schedules/${schedule}`).send({ enabled: false }).expect(200);
    const ran = await waitFor(
      async () => {
        const res = await t.http.get(`/api/v1/flow-executions/${pending.id}`).expect(200);
        return ['pending', 'running'].includes(res.body.status) ? undefined : res.body;
      },
      15_000,
      'the buffered run to finish',
    );
    sim.options.jobDurationMs = 100;
    expect(ran).toMatchObject({ status: 'success', execution_type: 'scheduled' });
    expect(beforeStart.find((o) => o.flow_execution_id === pending.id)?.outcome).toBe('fired');
  });
});

describe('Missed occurrences at start-up', () => {
  const setup = async (policy: 'run_once' | 'skip') => {
    const t = await startTestApp({ SCHEDULER_ENABLED: 'false' });
    const fx = new CatalogFixtures(t);
    const schedule = (
      await t.http
        .post('/api/v1/schedules')
        .send({ name: `minutely-${policy}`, cron_expression: '* * * * *', catchup_policy: policy, catchup_window_minutes: 10 })
        .expect(201)
    ).body.id;
    const flow = await fx.flow({
      name: `missed-${policy}`,
      target_type: 'vm',
      target_id: await fx.vm(`missed-vm-${policy}`),
      repository_id: await fx.repository(),
      schedule_id: schedule,
    });
    // The engine was down: its last known next run is five minutes ago.
    const fiveMinutesAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
    await t.dataSource.getRepository(ProtectionFlowEntity).update({ id: flow }, { next_execution_time: fiveMinutesAgo });
    await t.close();
    return { flow, fiveMinutesAgo };
  };

  const outcomesAfterRestart = async (flow: string) => {
    const t = await startTestApp({ SCHEDULER_ENABLED: 'true', BACKUP_API_URL: 'http://127.0.0.1:9' });
    try {
      // The catch-up pass moves next_execution_time into the future when it is done.
      const next = await waitFor(
        async () => {
          const value = (await t.http.get(`/api/v1/protection-flows/${flow}`).expect(200)).body.status.next_execution_time as string | null;
          return value && new Date(value).getTime() > Date.now() - 1000 ? value : undefined;
        },
        15_000,
        'the catch-up pass',
      );
      const rows: Occurrence[] = (await t.http.get(`/api/v1/protection-flows/${flow}/schedule-executions`).expect(200)).body.schedule_executions;
      return { rows, next };
    } finally {
      await t.close();
    }
  };

  // Only the catch-up pass records these outcomes; the CronJob's own ticks are fired or skipped.
  const fromOutage = (r: Occurrence) => r.outcome === 'missed' || r.outcome === 'caught_up';

  afterAll(() => stopTestApp(undefined));

  it('run_once: runs the newest missed occurrence once and records the rest as missed', async () => {
    const { flow, fiveMinutesAgo } = await setup('run_once');
    const { rows, next } = await outcomesAfterRestart(flow);
    const fromTheOutage = rows.filter(fromOutage);
    expect(fromTheOutage.every((r) => new Date(r.scheduled_at) >= fiveMinutesAgo)).toBe(true);
    const caught = fromTheOutage.filter((r) => r.outcome === 'caught_up');
    expect(caught).toHaveLength(1);
    expect(caught[0].flow_execution_id).not.toBeNull();
    expect(new Date(caught[0].scheduled_at).getTime()).toBe(Math.max(...fromTheOutage.map((r) => new Date(r.scheduled_at).getTime())));
    expect(fromTheOutage.filter((r) => r.outcome === 'missed').length).toBe(fromTheOutage.length - 1);
    expect(fromTheOutage.length).toBeGreaterThanOrEqual(5);
    expect(new Date(next).getTime()).toBeGreaterThan(Date.now() - 1000);
  });

  it('skip: records every missed occurrence and runs none', async () => {
    const { flow } = await setup('skip');
    const { rows } = await outcomesAfterRestart(flow);
    const fromTheOutage = rows.filter(fromOutage);
    expect(fromTheOutage.length).toBeGreaterThanOrEqual(5);
    expect(fromTheOutage.every((r) => r.outcome === 'missed' && r.flow_execution_id === null)).toBe(true);
  });
});
