import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg, freshMysqlDatabase } from './bench-engine';
import { seedHistory } from './console-seed';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:bulk [-- --flows 10000]
 * The console's "select all matching" on MariaDB: bulk-disable, bulk-enable and bulk-delete of every
 * flow by `match`, each timed from request to answer, with the engine's CPU for it.
 */
async function main(): Promise<void> {
  const flows = Number(arg('flows', '10000'));
  const database = await freshMysqlDatabase('bulk');
  const engine = new EngineProcess(await freePort(), { DATABASE_URL: database.url });
  try {
    await engine.start();
    await seedHistory(engine, { flows, executions: 0, mysqlUrl: database.url, sqlitePath: join(mkdtempSync(join(tmpdir(), 'pfe-bench-')), 'unused.sqlite') });
    for (const action of ['disable', 'enable', 'delete']) {
      const [t0, cpu0] = [Date.now(), engine.cpuSeconds()];
      const res = await fetch(`${engine.url}/api/v1/protection-flows/bulk-${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ match: {} }),
      });
      const body = (await res.json()) as { successful: number };
      const line = `${res.status}, ${body.successful} flows in ${Date.now() - t0} ms, engine CPU ${(engine.cpuSeconds() - cpu0).toFixed(1)} s`;
      process.stdout.write(`${`bulk-${action} of ${flows} flows by match`.padEnd(40)} ${line}\n`);
    }
  } finally {
    await engine.stop();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
