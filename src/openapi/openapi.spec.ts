import { readFileSync } from 'node:fs';
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

  it('names operations after controller methods and enums by name', () => {
    const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
    expect(spec.paths['/api/v1/schedules'].get.operationId).toBe('listSchedules');
    expect(spec.paths['/api/v1/repositories'].post.operationId).toBe('createRepository');
    expect(spec.components.schemas.RepositoryType.enum).toEqual(['local', 'nfs', 'cifs', 'smb', 's3', 'azure']);
    expect(spec.paths['/api/v1/schedules'].post.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
  });
});
