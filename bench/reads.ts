import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { createConnection } from 'mysql2/promise';
import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { BareReadServer } from './bare-read-process';
import { arg, freshMysqlDatabase } from './bench-engine';
import { EngineProcess, freePort } from './engine-process';

/**
 * npm run bench:reads [-- --flows 2000 --seconds 5 --rounds 2 --connections 10 --deep 100000 --only 'one flow']
 * The engine's read endpoints against a bare node:http + mysql2 server answering the same JSON
 * from the same MariaDB database, interleaved in one run: req/s, p99 and the ratio engine/bare
 * (target ≥ 0.6). With --deep N, also the flows page deep in a list of N flows by cursor and by
 * offset against the first page (target: the cursor page within 2× of the first).
 */
interface Measured {
  rps: number;
  p99: number;
  /** CPU of the server's process per answer (ms). */
  cpuMs: number;
}

interface Server {
  url: string;
  cpuSeconds(): number;
}

async function main(): Promise<void> {
  const flowCount = Number(arg('flows', '2000'));
  const seconds = Number(arg('seconds', '5'));
  const rounds = Number(arg('rounds', '2'));
  const connections = Number(arg('connections', '10'));
  const deep = Number(arg('deep', '0'));
  const sim = new BackupSimulator({ startLatencyMs: 1, jobDurationMs: 20, totalBytes: 1024 ** 2 });
  const database = await freshMysqlDatabase('reads');
  const engine = new EngineProcess(await freePort(), { DATABASE_URL: database.url, BACKUP_API_URL: await sim.listen() });
  const bare = new BareReadServer(await freePort(), database.url);
  try {
    await engine.start();
    const seeded = await seed(engine.url, database.url, flowCount);
    await bare.start();
    const paths: Array<[string, string]> = [
      ['flows, first page of 50', '/api/v1/protection-flows?limit=50'],
      [`flows, page at offset ${Math.floor(flowCount / 2)}`, `/api/v1/protection-flows?limit=50&offset=${Math.floor(flowCount / 2)}`],
      ['one flow', `/api/v1/protection-flows/${seeded.flowId}`],
      ['flows summary', '/api/v1/protection-flows/summary'],
      ['execution detail (50 jobs)', `/api/v1/flow-executions/${seeded.executionId}`],
    ];
    const only = arg('only', '');
    if (only) paths.splice(0, paths.length, ...paths.filter(([label]) => label.includes(only)));
    for (const [label, path] of paths) await sameJson(label, engine.url, bare.url, path);
    const results = new Map<string, { engine: Measured[]; bare: Measured[] }>(paths.map(([label]) => [label, { engine: [], bare: [] }]));
    for (let round = 0; round < rounds; round++) {
      for (const [label, path] of paths) {
        const order = round % 2 === 0 ? (['engine', 'bare'] as const) : (['bare', 'engine'] as const);
        for (const who of order) results.get(label)?.[who].push(await load(who === 'engine' ? engine : bare, path, connections, seconds));
      }
    }
    report(results, { flowCount, seconds, rounds, connections });
    if (deep > 0) await deepPaging(engine, database.url, deep, flowCount, connections, seconds);
  } finally {
    await bare.stop();
    await engine.stop();
    await sim.close();
    await database.drop();
  }
}

/** The two servers must answer the same JSON, or the comparison means nothing. */
async function sameJson(label: string, engineUrl: string, bareUrl: string, path: string): Promise<void> {
  const [a, b] = await Promise.all([getJson(`${engineUrl}${path}`), getJson(`${bareUrl}${path}`)]);
  if (isDeepStrictEqual(a, b)) return;
  throw new Error(
    `${label}: the bare server's JSON differs from the engine's:\nengine ${JSON.stringify(a).slice(0, 1500)}\nbare   ${JSON.stringify(b).slice(0, 1500)}`,
  );
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function load(server: Server, path: string, connections: number, seconds: number): Promise<Measured> {
  const cpu0 = server.cpuSeconds();
  const result = await autocannon({ url: `${server.url}${path}`, connections, duration: seconds });
  const cpu = server.cpuSeconds() - cpu0;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, cpuMs: (cpu * 1000) / Math.max(1, result.requests.total) };
}

function report(results: Map<string, { engine: Measured[]; bare: Measured[] }>, run: Record<string, number>): void {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  process.stdout.write(
    `MariaDB, ${run.flowCount} flows; ${run.rounds} interleaved rounds of ${run.seconds} s per server and endpoint, ${run.connections} connections\n`,
  );
  process.stdout.write(
    `${'endpoint'.padEnd(34)}${'engine req/s'.padStart(13)}${'bare req/s'.padStart(12)}${'ratio'.padStart(8)}${'p99 engine / bare (ms)'.padStart(24)}${'CPU/answer engine / bare (ms)'.padStart(31)}\n`,
  );
  for (const [label, r] of results) {
    const engineRps = mean(r.engine.map((m) => m.rps));
    const bareRps = mean(r.bare.map((m) => m.rps));
    const ratio = engineRps / bareRps;
    const p99 = `${Math.max(...r.engine.map((m) => m.p99))} / ${Math.max(...r.bare.map((m) => m.p99))}`;
    const cpu = `${mean(r.engine.map((m) => m.cpuMs)).toFixed(2)} / ${mean(r.bare.map((m) => m.cpuMs)).toFixed(2)}`;
    process.stdout.write(
      `${label.padEnd(34)}${engineRps.toFixed(0).padStart(13)}${bareRps.toFixed(0).padStart(12)}${ratio.toFixed(2).padStart(8)}${p99.padStart(24)}${cpu.padStart(31)}${ratio >= 0.6 ? '' : '  (target ≥ 0.6)'}\n`,
    );
  }
}

/** First page, the page at offset 10,000 by cursor and by offset, with `total` flows. */
async function deepPaging(engine: EngineProcess, url: string, total: number, existing: number, connections: number, seconds: number): Promise<void> {
  await insertFlows(url, total - existing, existing);
  const at = Math.min(10_000, total - 50);
  const cursor = ((await getJson(`${engine.url}/api/v1/protection-flows?limit=1&offset=${at - 1}`)) as { next_cursor: string }).next_cursor;
  const first = await load(engine, '/api/v1/protection-flows?limit=50', connections, seconds);
  const byCursor = await load(engine, `/api/v1/protection-flows?limit=50&cursor=${encodeURIComponent(cursor)}`, connections, seconds);
  const byOffset = await load(engine, `/api/v1/protection-flows?limit=50&offset=${at}`, connections, seconds);
  process.stdout.write(`\nengine, ${total} flows: req/s (p99 ms)\n`);
  process.stdout.write(`${'first page'.padEnd(34)}${first.rps.toFixed(0).padStart(8)} (${first.p99})\n`);
  process.stdout.write(
    `${`page at ${at}, by cursor`.padEnd(34)}${byCursor.rps.toFixed(0).padStart(8)} (${byCursor.p99})  first/cursor ${(first.rps / byCursor.rps).toFixed(2)}× (target ≤ 2)\n`,
  );
  process.stdout.write(
    `${`page at ${at}, by offset`.padEnd(34)}${byOffset.rps.toFixed(0).padStart(8)} (${byOffset.p99})  first/offset ${(first.rps / byOffset.rps).toFixed(2)}×\n`,
  );
}

interface Seeded {
  flowId: string;
  executionId: string;
}

/** Catalog through the API, `count` flows straight into the database, and one finished 50-VM run. */
async function seed(engineUrl: string, url: string, count: number): Promise<Seeded> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${engineUrl}/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const repository = (await post('/repositories', { name: 'bench-repo', type: 'local' })).id as number;
  const group = (await post('/machine-groups', { name: 'bench-group', max_concurrent_vms: 50 })).id as string;
  for (let i = 0; i < 50; i++) {
    const vm = (await post('/vm-contexts', { vm_name: `bench-vm-${i}` })).context_id as string;
    await post(`/machine-groups/${group}/vms`, { vm_context_id: vm, priority: i });
  }
  const flow = (
    await post('/protection-flows', { name: 'aaa-bench-group-flow', flow_type: 'backup', target_type: 'group', target_id: group, repository_id: repository })
  ).id as string;
  const executionId = (await post(`/protection-flows/${flow}/execute`, {})).id as string;
  for (;;) {
    const execution = (await getJson(`${engineUrl}/api/v1/flow-executions/${executionId}`)) as { status: string };
    if (!['running', 'pending'].includes(execution.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await post('/policies', { name: 'bench-policy', retention_days: 7 });
  await post('/schedules', { name: 'bench-schedule', cron_expression: '0 0 3 1 1 *' });
  await insertFlows(url, count - 1, 0);
  return { flowId: flow, executionId };
}

/** Flows in bulk, naming the bench's repository, policy, schedule and a VM (disabled, so nothing fires). */
async function insertFlows(url: string, count: number, from: number): Promise<void> {
  const db = await createConnection({ uri: url, timezone: 'Z' });
  try {
    const [found] = await db.query(
      'SELECT (SELECT id FROM backup_repositories LIMIT 1) AS repo, (SELECT id FROM backup_policies LIMIT 1) AS policy, (SELECT id FROM schedules LIMIT 1) AS schedule, (SELECT context_id FROM vm_contexts LIMIT 1) AS vm',
    );
    const refs = (found as Array<Record<string, unknown>>)[0];
    for (let i = 0; i < count; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - i) }, (_, k): unknown[] => {
        const n = from + i + k;
        return [randomUUID(), `bench-flow-${String(n).padStart(6, '0')}`, 'backup', 'vm', refs.vm, refs.repo, refs.policy, refs.schedule, 0];
      });
      await db.query('INSERT INTO protection_flows (id, name, flow_type, target_type, target_id, repository_id, policy_id, schedule_id, enabled) VALUES ?', [
        rows,
      ]);
    }
  } finally {
    await db.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
