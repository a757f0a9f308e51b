import { BackupSimulator } from '../../src/backup-client/simulator/backup-simulator';
import { EngineProcess, freePort } from '../../bench/engine-process';
import { createTestDatabase, dropTestDatabase } from './test-database';

/** Engine processes sharing this test file's MySQL/MariaDB database and one fast backup simulator. */
export class ReplicaCluster {
  private constructor(
    readonly sim: BackupSimulator,
    readonly replicas: EngineProcess[],
  ) {}

  static async start(count: number, env: Record<string, string>): Promise<ReplicaCluster> {
    await createTestDatabase();
    const sim = new BackupSimulator({ startLatencyMs: 5, jobDurationMs: 50, totalBytes: 1024 });
    const shared = { DATABASE_URL: process.env.DATABASE_URL as string, BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '100', ...env };
    const replicas = await Promise.all(Array.from({ length: count }, async () => new EngineProcess(await freePort(), shared)));
    await Promise.all(replicas.map((r) => r.start()));
    return new ReplicaCluster(sim, replicas);
  }

  /** SIGKILLs what is still running, stops the simulator and drops the database. */
  async stop(): Promise<void> {
    for (const r of this.replicas) await r.kill();
    await this.sim.close();
    await dropTestDatabase();
  }
}
