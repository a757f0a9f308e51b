import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

const VMS = 300;
const ROUNDS = 8;

/** A cancel sent the moment a run starts meets the run while it is still writing its job rows. */
describe('Cancelling a large run right after it starts', () => {
  let t: TestApp;
  let sim: BackupSimulator;
  let flow: string;

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 20, jobDurationMs: 1000, totalBytes: 1024 ** 3 });
    t = await startTestApp({ BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '100', ENGINE_MAX_CONCURRENT_JOBS: '50' });
    const fx = new CatalogFixtures(t);
    const names = Array.from({ length: VMS }, (_, i) => `race-vm-${String(i).padStart(3, '0')}`);
    flow = await fx.flow({ target_type: 'group', target_id: await fx.group(names, 10), repository_id: await fx.repository() });
  }, 120_000);
  afterAll(async () => {
    await stopTestApp(t);
    await sim.close();
  });

  it('answers every cancel, never loses one, and starts only the VMs already on their way', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      sim.resetStats();
      const started = await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({}).expect(202);
      const cancel = await t.http.post(`/api/v1/flow-executions/${started.body.id}/cancel`);
      expect({ round, status: cancel.status, body: cancel.status === 200 ? 'ok' : cancel.body }).toEqual({ round, status: 200, body: 'ok' });
      const done = await waitFor(
        async () => {
          const res = await t.http.get(`/api/v1/flow-executions/${started.body.id}`).expect(200);
          return res.body.status === 'running' ? undefined : res.body;
        },
        15_000,
        `round ${round} to end`,
      );
      expect({ round, status: done.status }).toEqual({ round, status: 'cancelled' });
      // At most one wave of the group's 10 slots may have started before the cancel landed.
      expect(Object.keys(sim.snapshot().starts).length).toBeLessThanOrEqual(10);
    }
  }, 240_000);
});
