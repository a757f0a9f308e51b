import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Browser } from 'playwright-core';
import { arg, freshMysqlDatabase, percentile } from './bench-engine';
import { launchChromium } from './chromium';
import { seedHistory } from './console-seed';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:console [-- --flows 10000 --executions 100000 --samples 7 --db mariadb|sqlite]
 * The built console's JavaScript (gzipped), and how long the flows page (10,000 flows) and the
 * executions page (100,000 executions) take, from navigation, to show their first rows — a fresh
 * page each time, nothing cached but the files. BENCH_ENGINE_ENTRY=<other checkout>/dist/src/main.js
 * measures another build the same way (its console is served from its own console/dist).
 */
async function main(): Promise<void> {
  const flows = Number(arg('flows', '10000'));
  const executions = Number(arg('executions', '100000'));
  const samples = Number(arg('samples', '7'));
  const db = arg('db', 'mariadb');
  const root = process.env.BENCH_ENGINE_ENTRY ? resolve(dirname(process.env.BENCH_ENGINE_ENTRY), '..', '..') : resolve(__dirname, '..', '..');
  const assets = join(root, 'console', 'dist', 'assets');
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const raw = scripts.reduce((n, f) => n + readFileSync(join(assets, f)).length, 0);
  const gzipped = scripts.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

  const database = db === 'mariadb' ? await freshMysqlDatabase('console') : undefined;
  const sqlitePath = join(mkdtempSync(join(tmpdir(), 'pfe-bench-')), 'console.sqlite');
  const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { SQLITE_PATH: sqlitePath };
  let engine = new EngineProcess(await freePort(), env);
  const browser = await launchChromium();
  try {
    await engine.start(); // migrates the empty database
    const seeded = await seedHistory(engine, { flows, executions, mysqlUrl: database?.url, sqlitePath });
    await engine.stop();
    engine = new EngineProcess(await freePort(), env);
    await engine.start();
    const hasExecutionsPage = (await fetch(`${engine.url}/api/v1/reports/runs`)).status !== 404;
    const flowsPage = await firstRows(browser, `${engine.url}/flows`, 'tbody tr a[href^="/flows/"]', samples);
    const allRuns = hasExecutionsPage ? await firstRows(browser, `${engine.url}/executions?range=all`, 'tbody tr a[href^="/executions/"]', samples) : null;
    const defaultRuns = hasExecutionsPage ? await firstRows(browser, `${engine.url}/executions`, 'tbody tr a[href^="/executions/"]', samples) : null;
    const line = (times: number[] | null) =>
      times
        ? `${percentile(times, 50).toFixed(0)} / ${Math.max(...times).toFixed(0)}  (${samples} fresh pages; target < 1000)`
        : 'n/a (no executions page in this build)';
    const rows: Array<[string, string]> = [
      [
        'console JavaScript: files / raw / gzipped',
        `${scripts.length} / ${(raw / 1024).toFixed(1)} kB / ${(gzipped / 1024).toFixed(1)} kB  (target < 250 kB gzipped)`,
      ],
      ['database / flows / executions', `${db} / ${flows} / ${executions}  (seeded in ${seeded} ms)`],
      ['flows page: navigation → first rows, median / worst (ms)', line(flowsPage)],
      ['executions page, any time: → first rows, median / worst (ms)', line(allRuns)],
      ['executions page, default view: → first rows, median / worst (ms)', line(defaultRuns)],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(62)} ${v}\n`);
  } finally {
    await browser.close();
    await engine.stop();
    await database?.drop();
  }
}

/** Milliseconds from navigation until the first row's link is visible, on a fresh page each time. */
async function firstRows(browser: Browser, url: string, selector: string, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const t0 = performance.now();
    await page.goto(url);
    await page.locator(selector).first().waitFor({ timeout: 30_000 });
    times.push(performance.now() - t0);
    await page.close();
  }
  return times;
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
