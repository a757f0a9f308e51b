import { BackupSimulator, SimulatorOptions } from '../../src/backup-client/simulator/backup-simulator';
import { CatalogFixtures } from './catalog-fixtures';
import { startTestApp, stopTestApp, TestApp } from './test-app';

export interface SimulatedEngine {
  t: TestApp;
  sim: BackupSimulator;
  fx: CatalogFixtures;
  repo: number;
}

/**
 * What most end-to-end files start from: the app on this file's database, backing up against a backup
 * API simulator it polls every 100 ms, and a repository to back up into.
 */
export async function startSimulatedEngine(
  simulator: Partial<SimulatorOptions>,
  env: Record<string, string> = {},
  options: { listen?: boolean; token?: string } = {},
): Promise<SimulatedEngine> {
  const sim = new BackupSimulator(simulator);
  const t = await startTestApp({ BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '100', ...env }, { listen: options.listen });
  const fx = new CatalogFixtures(t, options.token);
  return { t, sim, fx, repo: await fx.repository() };
}

export async function stopSimulatedEngine(t: TestApp | undefined, sim: BackupSimulator | undefined): Promise<void> {
  await stopTestApp(t);
  await sim?.close();
}
