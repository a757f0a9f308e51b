import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, stopTestApp, TestApp } from './support/test-app';

describe('Error envelope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => stopTestApp(t));

  const expectEnvelope = (body: unknown, status: number) =>
    expect(body).toEqual({ error: expect.any(String), details: expect.any(Array), status, request_id: expect.any(String) });

  it('answers malformed JSON with 400', async () => {
    const res = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expectEnvelope(res.body, 400);
  });

  it('names the problem of bodies the HTTP layer refuses before any handler runs', async () => {
    const bad = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.error).toBe('Request body is not valid JSON');
    const poisoned = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/json').send('{"__proto__": {"admin": true}, "name": "p"}');
    expect({ status: poisoned.status, error: poisoned.body.error }).toEqual({ status: 400, error: 'Request body is not valid JSON' });
    const large = await t.http
      .post('/api/v1/machine-groups')
      .send({ name: 'big', description: 'x'.repeat(1_100_000) })
      .expect(413);
    expect(large.body.error).toBe('Request body is larger than the 1048576-byte limit');
    const form = await t.http.post('/api/v1/machine-groups').set('Content-Type', 'application/x-www-form-urlencoded').send('name=x').expect(415);
    expectEnvelope(form.body, 415);
  });

  it('takes an empty body sent as JSON as no body, and paths with a trailing slash or a long id as given', async () => {
    const empty = await t.http.post('/api/v1/protection-flows/no-such-flow/execute').set('Content-Type', 'application/json').send('');
    expect({ status: empty.status, error: empty.body.error }).toEqual({ status: 404, error: 'Protection flow no-such-flow not found' });
    expect((await t.http.get('/api/v1/machine-groups/').expect(200)).body).toHaveProperty('groups');
    const longId = 'x'.repeat(300);
    expect((await t.http.get(`/api/v1/protection-flows/${longId}`).expect(404)).body.error).toBe(`Protection flow ${longId} not found`);
  });

  it('answers a body that is not an object with 400', async () => {
    const res = await t.http
      .post('/api/v1/machine-groups')
      .send([{ name: 'x' }])
      .expect(400);
    expect(res.body.error).toBe('Request body must be a JSON object');
  });

  it('rejects unknown fields, listing every failing field', async () => {
    const res = await t.http.post('/api/v1/machine-groups').send({ name: '', colour: 'red', max_concurrent_vms: 'many' }).expect(400);
    expectEnvelope(res.body, 400);
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['colour', 'max_concurrent_vms', 'name']);
    expect(res.body.error).toContain('colour');
  });

  it('answers a body over 1 MB with 413', async () => {
    const res = await t.http
      .post('/api/v1/machine-groups')
      .send({ name: 'big', description: 'x'.repeat(1_100_000) })
      .expect(413);
    expectEnvelope(res.body, 413);
  });

  it('answers unknown routes and ids with 404 in the envelope', async () => {
    expectEnvelope((await t.http.get('/api/v1/no-such-thing').expect(404)).body, 404);
    expect((await t.http.get('/api/v1/schedules/unknown-id').expect(404)).body.error).toBe('Schedule unknown-id not found');
  });

  it('lets exactly one of two racing creates with the same name win; the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const body = { name: `race-${round}`, cron_expression: '@daily' };
      const results = await Promise.all([t.http.post('/api/v1/schedules').send(body), t.http.post('/api/v1/schedules').send(body)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const loser = results.find((r) => r.status === 409);
      const sentence = `A schedule named "race-${round}" already exists`;
      expect(loser?.body).toEqual({ error: sentence, details: [{ field: 'name', problems: [sentence] }], status: 409, request_id: expect.any(String) });
    }
  });

  it('serves Swagger UI and the same spec that is committed as openapi.json', async () => {
    await t.http.get('/api/docs').expect(200).expect('Content-Type', /html/);
    const served = await t.http.get('/api/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    expect(served.body).toEqual(committed);
  });
});

describe('Bearer token guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_TOKEN: 'correct-horse-battery' });
  });
  afterAll(() => stopTestApp(t));

  it('requires the token on /api/v1 and leaves health and docs open', async () => {
    const missing = await t.http.get('/api/v1/schedules').expect(401);
    expect(missing.body).toEqual({
      error: 'This route needs the API token: send it as Authorization: Bearer <token>',
      details: [],
      status: 401,
      request_id: expect.any(String),
    });
    const wrong = await t.http.get('/api/v1/schedules').set('Authorization', 'Bearer nope').expect(401);
    expect(wrong.body.error).toBe('The bearer token is not valid');
    await t.http.post('/api/v1/schedules').send({ name: 'x', cron_expression: '@daily' }).expect(401);
    await t.http.get('/api/v1/schedules').set('Authorization', 'Bearer correct-horse-battery').expect(200);
    await t.http.get('/health').expect(200);
    await t.http.get('/api/docs-json').expect(200);
  });
});

describe('Health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => stopTestApp(t));

  it('is 200 while the database answers and 503 when it does not', async () => {
    const up = await t.http.get('/health').expect(200);
    expect(up.body).toMatchObject({ status: 'ok', database: 'up' });
    await t.dataSource.destroy();
    const down = await t.http.get('/health').expect(503);
    expect(down.body).toMatchObject({ status: 'error', database: 'down' });
  });
});
