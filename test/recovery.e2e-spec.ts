import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { EngineProcess, freePort } from '../bench/engine-process';
import { createTestDatabase, dropTestDatabase, engineDatabaseEnv } from './support/test-database';
import { waitFor } from './support/test-app';

interface Execution {
  id: string;
  status: string;
  jobs: Array<{ vm_name: string; status: string; attempt: number }>;
}

describe('Crash recovery', () => {
  let sim: BackupSimulator;
  let engine: EngineProcess;

  beforeAll(async () => {
    await createTestDatabase();
    sim = new BackupSimulator({ startLatencyMs: 60, jobDurationMs: 400, totalBytes: 1024 ** 3 });
    const env: Record<string, string> = {
      BACKUP_API_URL: await sim.listen(),
      JOB_POLL_INTERVAL_MS: '100',
      EXECUTION_LEASE_MS: '1500',
      ...engineDatabaseEnv(),
    };
    engine = new EngineProcess(await freePort(), env);
    await engine.start();
  });
  afterAll(async () => {
    await engine?.kill();
    await sim?.close();
    await dropTestDatabase();
  });

  it('finishes a run after SIGKILL and restart, backing up every VM exactly once', async () => {
    const repo = (await engine.api<{ id: number }>('POST', '/repositories', { name: 'r', type: 'local' })).body.id;
    const group = (await engine.api<{ id: string }>('POST', '/machine-groups', { name: 'crashy', max_concurrent_vms: 4 })).body.id;
    const names = Array.from({ length: 24 }, (_, i) => `crash-vm-${String(i).padStart(2, '0')}`);
    for (const name of names) {
      const vm = (await engine.api<{ context_id: string }>('POST', '/vm-contexts', { vm_name: name })).body.context_id;
      await engine.api('POST', `/machine-groups/${group}/vms`, { vm_context_id: vm });
    }
    const flow = (
      await engine.api<{ id: string }>('POST', '/protection-flows', {
        name: 'crashy',
        flow_type: 'backup',
        target_type: 'group',
        target_id: group,
        repository_id: repo,
      })
    ).body.id;
    const launched = await engine.api<{ id: string }>('POST', `/protection-flows/${flow}/execute`, {});
    expect(launched.status).toBe(202);

    // Kill while some VMs are done, some in flight and some still queued.
    await waitFor(() => Promise.resolve(Object.keys(sim.snapshot().starts).length >= 6 ? true : undefined), 20_000, 'six backups started');
    await engine.kill();
    const startedBeforeCrash = Object.keys(sim.snapshot().starts).length;
    expect(startedBeforeCrash).toBeLessThan(names.length);

    await engine.start();
    const done = await waitFor(
      async () => {
        const res = await engine.api<Execution>('GET', `/flow-executions/${launched.body.id}`);
        return res.body.status === 'running' ? undefined : res.body;
      },
      60_000,
      'the resumed execution to finish',
    );

    expect(done.status).toBe('success');
    expect(done.jobs.every((j) => j.status === 'completed' && j.attempt === 1)).toBe(true);
    const starts = sim.snapshot().starts;
    expect(Object.keys(starts).sort()).toEqual(names);
    expect(Object.values(starts).every((n) => n === 1)).toBe(true);
    expect(sim.snapshot().maxConcurrent).toBeLessThanOrEqual(4);
  });
});
