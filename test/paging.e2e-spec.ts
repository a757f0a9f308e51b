import { BackupSimulator } from '../src/backup-client/simulator/backup-simulator';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startTestApp, stopTestApp, TestApp, waitFor } from './support/test-app';

type Named = { name: string };
type Listed = { id: string };

describe('Keyset paging: cursor in, next_cursor out, offset still working', () => {
  let t: TestApp;
  let sim: BackupSimulator;
  let fx: CatalogFixtures;

  beforeAll(async () => {
    sim = new BackupSimulator({ startLatencyMs: 1, jobDurationMs: 20, totalBytes: 1024 });
    t = await startTestApp({ BACKUP_API_URL: await sim.listen(), JOB_POLL_INTERVAL_MS: '100' });
    fx = new CatalogFixtures(t);
  });
  afterAll(async () => {
    await stopTestApp(t);
    await sim.close();
  });

  /** Follows next_cursor from the first page to the last; returns every page's items. */
  async function walk<T>(path: string, key: 'flows' | 'executions'): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path;
      const body = (await t.http.get(url).expect(200)).body as Record<string, unknown> & { next_cursor: string | null };
      pages.push(body[key] as T[]);
      cursor = body.next_cursor;
    } while (cursor && pages.length < 20);
    return pages;
  }

  it('walks the flows by cursor in name order, the same rows as by offset, filters kept, the last page saying so', async () => {
    const repo = await fx.repository();
    const vm = await fx.vm('paging-vm');
    for (const name of ['pg-delta', 'pg-alpha', 'pg-echo', 'pg-charlie', 'pg-bravo', 'pg-foxtrot', 'pg-golf']) {
      await t.http.post('/api/v1/protection-flows').send({ name, flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: repo }).expect(201);
    }
    const pages = await walk<Named>('/api/v1/protection-flows?search=pg-&limit=3', 'flows');
    expect(pages.map((p) => p.map((f) => f.name))).toEqual([['pg-alpha', 'pg-bravo', 'pg-charlie'], ['pg-delta', 'pg-echo', 'pg-foxtrot'], ['pg-golf']]);
    const byOffset = (await t.http.get('/api/v1/protection-flows?search=pg-&limit=3&offset=3').expect(200)).body;
    expect(byOffset.flows.map((f: Named) => f.name)).toEqual(['pg-delta', 'pg-echo', 'pg-foxtrot']);
    expect(byOffset.total).toBe(7);
    expect(byOffset.next_cursor).toEqual(expect.any(String));
    const exact = (await t.http.get('/api/v1/protection-flows?search=pg-&limit=7').expect(200)).body;
    expect(exact.next_cursor).toBeNull();
  });

  it('refuses a cursor with an offset, and a cursor it never gave out, with 400', async () => {
    const first = (await t.http.get('/api/v1/protection-flows?limit=1').expect(200)).body;
    const both = await t.http.get(`/api/v1/protection-flows?limit=1&offset=2&cursor=${first.next_cursor}`).expect(400);
    expect(both.body.error).toBe('Give either cursor or offset, not both');
    const forged = await t.http.get('/api/v1/protection-flows?cursor=not-a-cursor').expect(400);
    expect(forged.body.error).toMatch(/cursor is not one this list gave out/);
    await t.http.get(`/api/v1/flow-executions?cursor=${Buffer.from('{"created_at":"never","id":"x"}').toString('base64url')}`).expect(400);
  });

  it('walks a flow’s executions newest first by cursor, every run exactly once', async () => {
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('paging-runs'), repository_id: await fx.repository() });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = (await t.http.post(`/api/v1/protection-flows/${flow}/execute`).send({}).expect(202)).body.id as string;
      await waitFor(async () => ((await t.http.get(`/api/v1/flow-executions/${id}`).expect(200)).body.status === 'running' ? undefined : true));
      ids.push(id);
    }
    const pages = await walk<Listed>(`/api/v1/protection-flows/${flow}/executions?limit=2`, 'executions');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((e) => e.id)).toEqual([...ids].reverse());
    const everything = await walk<Listed>('/api/v1/flow-executions?limit=2', 'executions');
    expect(everything.flat().map((e) => e.id)).toEqual(expect.arrayContaining(ids));
  });
});
