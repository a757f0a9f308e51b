import { createConnection } from 'mysql2/promise';
import { demoCatalog } from '../src/backup-client/simulator/sha-catalog';
import { ShaBackupSimulator } from '../src/backup-client/simulator/sha-simulator';
import { arg, freshMysqlDatabase } from './bench-engine';
import { EngineProcess, freePort } from './engine-process';

interface SyncAnswer {
  outcome: string;
  error: string | null;
  started_at: string;
  finished_at: string;
  counts: { added: Record<string, number>; updated: Record<string, number>; removed: Record<string, number> } | null;
}

/**
 * npm run bench:catalog-sync [-- --vms 10000 --groups 1000]
 * Appliance mode against the SHA simulator: the first import of the appliance's catalog (target
 * < 10 s for 10,000 VMs and 1,000 groups), then a sync with nothing changed — its time and the
 * rows it wrote (target: none but the sync's own record) — then one VM added to one group.
 */
async function main(): Promise<void> {
  const vms = Number(arg('vms', '10000'));
  const groups = Number(arg('groups', '1000'));
  const sha = new ShaBackupSimulator({ catalog: demoCatalog(vms, groups) });
  const database = await freshMysqlDatabase('catalog_sync');
  const engine = new EngineProcess(await freePort(), {
    DATABASE_URL: database.url,
    BACKUP_API_KIND: 'sha',
    BACKUP_API_URL: await sha.listen(),
    CATALOG_SOURCE: 'appliance',
    CATALOG_SYNC_INTERVAL_MS: '3600000',
    SCHEDULER_ENABLED: 'false',
  });
  try {
    await engine.start();
    const first = await waitForFirstSync(engine);
    const rows = async () => writes(database.url);
    const before = await rows();
    const idle = await timed(() => syncNow(engine));
    const after = await rows();
    sha.catalog.catalog.vms.push({ context_id: 'ctx-bench-new-20260101-000000', vm_name: 'bench-new' });
    sha.catalog.catalog.groups[0].members.push({ vm_context_id: 'ctx-bench-new-20260101-000000', enabled: true, priority: 99 });
    const oneChange = await timed(() => syncNow(engine));
    const report: Array<[string, string]> = [
      [
        'appliance catalog',
        `${vms} VMs, ${groups} groups (${sha.catalog.catalog.groups.reduce((n, g) => n + g.members.length, 0)} memberships), 2 repositories`,
      ],
      ['first import: sync time (ms)', `${durationMs(first)}  (target < 10000)`],
      ['first import: added', JSON.stringify(first.counts?.added)],
      ['no-change sync: time (ms, as the API answers it)', String(idle.ms)],
      ['no-change sync: added / updated / removed', JSON.stringify([idle.value.counts?.added, idle.value.counts?.updated, idle.value.counts?.removed])],
      [
        'no-change sync: rows written (inserted, updated, deleted)',
        `${after.inserted - before.inserted}, ${after.updated - before.updated}, ${after.deleted - before.deleted}  (the sync's own record: 1 inserted)`,
      ],
      ['one VM added to one group: sync time (ms)', String(oneChange.ms)],
      ['one VM added to one group: added', JSON.stringify(oneChange.value.counts?.added)],
      ['engine RSS after the syncs (MB)', String(engine.rssMb())],
    ];
    for (const [k, v] of report) process.stdout.write(`${k.padEnd(60)} ${v}\n`);
  } finally {
    await engine.stop();
    await sha.close();
    await database.drop();
  }
}

async function waitForFirstSync(engine: EngineProcess): Promise<SyncAnswer> {
  for (;;) {
    const status = (await engine.api<{ last_sync: SyncAnswer | null }>('GET', '/catalog/sync')).body;
    if (status.last_sync) {
      if (status.last_sync.outcome !== 'succeeded') throw new Error(`the first sync failed: ${status.last_sync.error}`);
      return status.last_sync;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function syncNow(engine: EngineProcess): Promise<SyncAnswer> {
  const answer = await engine.json<SyncAnswer>('POST', '/catalog/sync');
  if (answer.outcome !== 'succeeded') throw new Error(`sync failed: ${answer.error}`);
  return answer;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = Date.now();
  const value = await work();
  return { ms: Date.now() - started, value };
}

const durationMs = (sync: SyncAnswer) => Date.parse(sync.finished_at) - Date.parse(sync.started_at);

/** The server's row-write counters (Handler_write/update/delete: rows of real tables, temporary ones counted apart); the engine is the only writer here. */
async function writes(url: string): Promise<{ inserted: number; updated: number; deleted: number }> {
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update', 'Handler_delete')");
    const value = (name: string) => Number((rows as Array<{ Variable_name: string; Value: string }>).find((r) => r.Variable_name === name)?.Value ?? 0);
    return { inserted: value('Handler_write'), updated: value('Handler_update'), deleted: value('Handler_delete') };
  } finally {
    await connection.end();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
