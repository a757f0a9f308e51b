import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { CatalogFixtures } from './support/catalog-fixtures';
import { startTestApp, stopTestApp, TestApp } from './support/test-app';

const TOKEN = 'security-test-token-1';

interface Operation {
  method: string;
  path: string;
  secured: boolean;
}

/** Every operation of the committed spec, with its path parameters filled in. */
function operations(): Operation[] {
  const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { security?: unknown[] }>>;
  };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, '1'),
      secured: (op.security ?? []).length > 0,
    })),
  );
}

/** Spellings of one path that the router takes for the same route. */
function spellings(path: string): Record<string, string> {
  const encoded = `/%${path.charCodeAt(1).toString(16)}${path.slice(2)}`;
  return {
    encoded,
    'encoded digit': path.replace('/v1/', '/v%31/'),
    'upper case': path.toUpperCase(),
    'double slash': `/${path.replace(/\//g, '//')}`,
    'trailing slash': `${path}/`,
  };
}

describe('Authorization is decided on the matched route', () => {
  let t: TestApp;
  let tables: string[];
  const rowCounts = async () =>
    Object.fromEntries(await Promise.all(tables.map(async (table) => [table, Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)])));

  beforeAll(async () => {
    t = await startTestApp({ API_TOKEN: TOKEN, SCHEDULER_ENABLED: 'false' }, { listen: true });
    tables = t.dataSource.entityMetadatas.map((m) => m.tableName);
  });
  afterAll(() => stopTestApp(t));

  it('asks for the token on every private operation of openapi.json, however its path is spelled, and writes nothing', async () => {
    const before = await rowCounts();
    const ops = operations().filter((op) => op.secured);
    expect(ops.length).toBeGreaterThan(50);
    const answers: string[] = [];
    for (const op of ops) {
      for (const [how, path] of Object.entries({ plain: op.path, ...spellings(op.path) })) {
        const res = await t.http[op.method.toLowerCase() as 'get'](path).set('Content-Type', 'application/json').send('{}');
        if (res.status !== 401) answers.push(`${op.method} ${path} (${how}) answered ${res.status}`);
      }
    }
    expect(answers).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('marks /metrics private in the spec, and leaves health, the console and Swagger UI public', async () => {
    const metrics = operations().find((op) => op.path === '/metrics');
    expect(metrics?.secured).toBe(true);
    expect(
      operations()
        .filter((op) => !op.secured)
        .map((op) => op.path),
    ).toEqual(['/health', '/health/live', '/health/ready']);
    await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await t.http.get('/health/live').expect(200);
    expect((await t.http.get('/health/ready')).status).not.toBe(401);
    expect((await t.http.get('/').expect(200)).text).toContain('<div id="root">');
    expect((await t.http.get('/flows/42').expect(200)).text).toContain('<div id="root">');
    expect((await t.http.get('/api/docs').expect(200)).text).toContain('swagger-ui');
    await t.http.get('/api/docs-json').expect(200);
  });

  it('takes ?access_token= only on the change stream', async () => {
    await t.http.get(`/api/v1/protection-flows?access_token=${TOKEN}`).expect(401);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = get(`${t.url}/api/v1/events/stream?access_token=${TOKEN}`, (res) => {
        resolve(res.statusCode);
        req.destroy();
      }).on('error', reject);
    });
    expect(status).toBe(200);
    await t.http.get('/api/v1/events/stream?access_token=wrong-token').expect(401);
  });
});

describe('Browsers of other sites cannot drive a token-less engine', () => {
  let t: TestApp;
  let fx: CatalogFixtures;
  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'false', ALLOWED_HOSTS: 'engine.example.com,*.corp.example', CORS_ORIGINS: 'https://gui.example.com' });
    fx = new CatalogFixtures(t);
  });
  afterAll(() => stopTestApp(t));

  it('answers 421 to a Host it does not own (DNS rebinding), and to loopback names, the bind address and ALLOWED_HOSTS', async () => {
    const refused = await t.http.get('/api/v1/protection-flows').set('Host', 'attacker.example').expect(421);
    expect(refused.body).toMatchObject({ status: 421, error: expect.stringContaining('ALLOWED_HOSTS') });
    await t.http.get('/').set('Host', 'attacker.example:8080').expect(421);
    for (const host of ['127.0.0.1:8080', 'localhost', 'LOCALHOST:8080', '[::1]:8080', 'engine.example.com', 'a.corp.example:443']) {
      expect({ host, status: (await t.http.get('/api/v1/protection-flows').set('Host', host)).status }).toEqual({ host, status: 200 });
    }
    await t.http.get('/api/v1/protection-flows').set('Host', 'corp.example.attacker.example').expect(421);
  });

  it('refuses a change sent from another site (403) and writes nothing; its own pages, listed origins and callers without Origin pass', async () => {
    const evil = await t.http.post('/api/v1/repositories').set('Origin', 'http://evil.example').send({ name: 'evil', type: 'local' }).expect(403);
    expect(evil.body.error).toMatch(/another site \(http:\/\/evil\.example\).*CORS_ORIGINS/);
    await t.http.post('/api/v1/repositories').set('Origin', 'null').send({ name: 'sandboxed', type: 'local' }).expect(403);
    const vm = await fx.vm('csrf-vm');
    const flow = await fx.flow({ target_type: 'vm', target_id: vm, repository_id: await fx.repository() });
    // A cross-site form or fetch without a body would have run the flow.
    await t.http.post(`/api/v1/protection-flows/${flow}/execute`).set('Origin', 'http://evil.example').expect(403);
    await t.http.post(`/api/v1/protection-flows/${flow}/execute`).set('Origin', 'http://evil.example').set('Content-Type', 'text/plain').expect(403);
    expect((await t.http.get(`/api/v1/protection-flows/${flow}/executions`).expect(200)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/repositories').expect(200)).body.repositories.map((r: { name: string }) => r.name)).not.toContain('evil');

    const host = '127.0.0.1:8080';
    await t.http.post('/api/v1/repositories').set('Host', host).set('Origin', `http://${host}`).send({ name: 'same-origin', type: 'local' }).expect(201);
    await t.http.post('/api/v1/repositories').set('Origin', 'https://gui.example.com').send({ name: 'listed-origin', type: 'local' }).expect(201);
    await t.http.post('/api/v1/repositories').send({ name: 'no-origin', type: 'local' }).expect(201);
    await t.http.get('/api/v1/repositories').set('Origin', 'http://evil.example').expect(200); // reads: the browser keeps the answer from the page (no CORS)
  });

  it('takes an empty body of any content type as no body, as the seed GUI sends it (axios)', async () => {
    const flow = await fx.flow({ target_type: 'vm', target_id: await fx.vm('axios-vm'), repository_id: await fx.repository() });
    const asAxios = (method: 'patch' | 'post', path: string) =>
      t.http[method](`/api/v1${path}`)
        .set('Accept', 'application/json, text/plain, */*')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Length', '0');
    expect((await asAxios('patch', `/protection-flows/${flow}/disable`).expect(200)).body.enabled).toBe(false);
    expect((await asAxios('patch', `/protection-flows/${flow}/enable`).expect(200)).body.enabled).toBe(true);
    const run = (await asAxios('post', `/protection-flows/${flow}/execute`).expect(202)).body;
    expect(run).toMatchObject({ flow_id: flow, status: 'running' });
    expect((await asAxios('post', `/flow-executions/${run.id}/cancel`)).status).toBeLessThan(500);
    // A body that is there must be JSON.
    const form = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/x-www-form-urlencoded').send('name=x').expect(415);
    expect(form.body.error).toBe('Request body must be JSON: send it with Content-Type: application/json');
    await t.http.post('/api/v1/machine-groups').set('Content-Type', 'text/plain').send('{"name":"plain"}').expect(415);
  });
});

describe('Hostile input answers 4xx, never 500', () => {
  let t: TestApp;
  let fx: CatalogFixtures;
  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'false' });
    fx = new CatalogFixtures(t);
  });
  afterAll(() => stopTestApp(t));

  it('bounds offsets', async () => {
    const res = await t.http.get('/api/v1/protection-flows?offset=1e21').expect(400);
    expect(res.body.details).toEqual([{ field: 'offset', problems: [expect.stringContaining('10000000')] }]);
    await t.http.get('/api/v1/flow-executions?offset=99999999999').expect(400);
    await t.http.get('/api/v1/protection-flows?offset=10000000').expect(200);
    await t.http.get('/api/v1/flow-executions/1?jobs_offset=1e21').expect(400);
  });

  it('refuses bodies nested deeper than 64 levels before validating them', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const res = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body.error).toBe('Request body is nested deeper than 64 levels');
    const arrays = `{"name":"x","description":${'['.repeat(100)}${']'.repeat(100)}}`;
    await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/json').send(arrays).expect(400);
    // Brackets inside strings do not count.
    await t.http
      .post('/api/v1/machine-groups')
      .send({ name: 'brackets', description: '{['.repeat(200) })
      .expect(201);
  });

  it('limits JSON settings in depth and size, naming the field', async () => {
    const nested = (levels: number): Record<string, unknown> => (levels === 0 ? { leaf: true } : { a: nested(levels - 1) });
    const vm = await fx.vm('json-vm');
    const repository = await fx.repository();
    const body = { name: 'deep-config', flow_type: 'backup', target_type: 'vm', target_id: vm, repository_id: repository };
    const deep = await t.http
      .post('/api/v1/protection-flows')
      .send({ ...body, destination_config: nested(40) })
      .expect(400);
    expect(deep.body.details).toEqual([{ field: 'destination_config', problems: [expect.stringContaining('nested at most 16 levels')] }]);
    await t.http
      .post('/api/v1/repositories')
      .send({ name: 'big-config', type: 'nfs', config: { blob: 'x'.repeat(70_000) } })
      .expect(400);
    const ok = await t.http
      .post('/api/v1/protection-flows')
      .send({ ...body, destination_config: nested(10) })
      .expect(201);
    expect(ok.body.destination_config).toEqual(nested(10));
  });

  it('counts text limits in bytes where the column holds bytes', async () => {
    const tooLong = await t.http
      .post('/api/v1/machine-groups')
      .send({ name: 'emoji', description: '😀'.repeat(30_000) })
      .expect(400);
    expect(tooLong.body.details).toEqual([{ field: 'description', problems: [expect.stringContaining('65,535 bytes')] }]);
    const fits = '😀'.repeat(16_000); // 64,000 bytes
    const saved = await t.http.post('/api/v1/machine-groups').send({ name: 'emoji-fits', description: fits }).expect(201);
    expect((await t.http.get(`/api/v1/machine-groups/${saved.body.id}`).expect(200)).body.description).toBe(fits);
  });

  it("answers the router's own refusals in the envelope with the request id", async () => {
    const res = await t.http.get('/api/v1/protection-flows/%E0%A4%A').expect(400);
    expect(res.body).toEqual({ error: expect.stringContaining('percent-encoding'), details: [], status: 400, request_id: expect.any(String) });
    expect(res.headers['x-request-id']).toBe(res.body.request_id);
  });

  it('sends security headers with the console, the API and Swagger UI', async () => {
    for (const path of ['/', '/api/v1/protection-flows', '/api/v1/nope', '/api/docs']) {
      const res = await t.http.get(path);
      const csp = String(res.headers['content-security-policy']);
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });
});
