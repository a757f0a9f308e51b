import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument, serializeOpenApi } from './openapi';

describe('openapi.json', () => {
  it('is up to date with the code (run `npm run openapi` after changing the API)', async () => {
    const app = await createApp(loadConfig({ LOG_LEVEL: 'error' }), { preview: true });
    const current = serializeOpenApi(buildOpenApiDocument(app));
    await app.close();
    const committed = readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8');
    expect(current).toBe(committed);
  });

  it('has a client/schema.d.ts generated from it (run `npm run openapi` after changing the API)', () => {
    const root = join(__dirname, '..', '..');
    const fresh = join(mkdtempSync(join(tmpdir(), 'pfe-client-')), 'schema.d.ts');
    execFileSync(join(root, 'node_modules', '.bin', 'openapi-typescript'), [join(root, 'openapi.json'), '-o', fresh], { stdio: 'pipe' });
    expect(readFileSync(join(root, 'client', 'schema.d.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
  });

  it('types integers as integer, the bearer token as opaque, and the execute body as optional', () => {
    const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    const execution = spec.components.schemas.ExecutionResponse.properties;
    expect(execution.jobs_created.type).toBe('integer');
    expect(execution.bytes_transferred.type).toBe('integer');
    expect(spec.components.schemas.ExecutionJobResponse.properties.progress_percent.type).toBe('number');
    expect(spec.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', description: expect.any(String) });
    expect(spec.paths['/api/v1/protection-flows/{id}/execute'].post.requestBody.required).toBe(false);
  });

  it('names operations after controller methods and enums by name', () => {
    const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    expect(spec.paths['/api/v1/schedules'].get.operationId).toBe('listSchedules');
    expect(spec.paths['/api/v1/repositories'].post.operationId).toBe('createRepository');
    expect(spec.components.schemas.RepositoryType.enum).toEqual(['local', 'nfs', 'cifs', 'smb', 's3', 'azure']);
    expect(spec.paths['/api/v1/schedules'].post.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
  });
});
