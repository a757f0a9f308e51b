import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument, serializeOpenApi } from './openapi';

/** Writes openapi.json from the app's metadata; preview mode opens no port and no database. */
async function main(): Promise<void> {
  const app = await createApp(loadConfig({ LOG_LEVEL: 'error' }), { preview: true });
  const target = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(target, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${target}\n`);
}

void main();
