import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { arg, freshMysqlDatabase, percentile } from './bench-engine';
import { launchChromium } from './chromium';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:console [-- --flows 1000 --samples 7 --db sqlite|mariadb]
 * The built console's JavaScript size (gzipped), and how long the flows page takes, from navigation,
 * to show its first rows with 1,000 flows in the database (a fresh page each time: nothing cached but the files).
 */
async function main(): Promise<void> {
  const flows = Number(arg('flows', '1000'));
  const samples = Number(arg('samples', '7'));
  const db = arg('db', 'sqlite');
  const assets = resolve(__dirname, '..', '..', 'console', 'dist', 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const raw = scripts.reduce((n, f) => n + readFileSync(join(assets, f)).length, 0);
  const gzipped = scripts.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

  const database = db === 'mariadb' ? await freshMysqlDatabase('console') : undefined;
  const engine = new EngineProcess(
    await freePort(),
    database ? { DATABASE_URL: database.url } : { SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'pfe-bench-')), 'console.sqlite') },
  );
  const browser = await launchChromium();
  try {
    await engine.start();
    await seed(engine, flows);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const t0 = performance.now();
      await page.goto(`${engine.url}/flows`);
      await page.locator('tbody tr a[href^="/flows/"]').first().waitFor({ timeout: 10_000 });
      times.push(performance.now() - t0);
      await page.close();
    }
    const rows: Array<[string, string]> = [
      [
        'console JavaScript: files / raw / gzipped',
        `${scripts.length} / ${(raw / 1024).toFixed(1)} kB / ${(gzipped / 1024).toFixed(1)} kB  (target < 250 kB gzipped)`,
      ],
      ['database / flows', `${db} / ${flows}`],
      [
        'flows page: navigation → first rows, median / worst (ms)',
        `${percentile(times, 50).toFixed(0)} / ${Math.max(...times).toFixed(0)}  (${samples} fresh pages; target < 1000)`,
      ],
      ['first visit (ms)', times[0].toFixed(0)],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(58)} ${v}\n`);
  } finally {
    await browser.close();
    await engine.stop();
    await database?.drop();
  }
}

async function seed(engine: EngineProcess, count: number): Promise<void> {
  const repo = (await engine.json<{ id: number }>('POST', '/repositories', { name: 'bench-repo', type: 'local' })).id;
  const vm = (await engine.json<{ context_id: string }>('POST', '/vm-contexts', { vm_name: 'bench-vm' })).context_id;
  const schedule = (await engine.json<{ id: string }>('POST', '/schedules', { name: 'bench-nightly', cron_expression: '0 2 * * *' })).id;
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, k) =>
        engine.json('POST', '/protection-flows', {
          name: `bench-flow-${String(i + k).padStart(5, '0')}`,
          flow_type: 'backup',
          target_type: 'vm',
          target_id: vm,
          repository_id: repo,
          schedule_id: schedule,
        }),
      ),
    );
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
