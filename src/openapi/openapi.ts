import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorResponse } from '../common/api-error';
import { PUBLIC_EXTENSION } from '../security/public-route';

const BODY_METHODS = ['post', 'put', 'patch'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponse' };

/** The OpenAPI document the app serves at /api/docs-json and commits as openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Protection Flow Engine')
    .setDescription('Protection flows: what to back up (a VM or a protection group), where, and when — and their runs.')
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Required on /api/v1 when the engine has API_TOKEN set' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponse],
    // Method names are unique across controllers, so they make readable client method names.
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  addCommonErrors(document);
  typeIntegers(document);
  // The token is opaque (any string of 8+ characters), not a JWT.
  const bearer = document.components?.securitySchemes?.bearer;
  if (bearer && 'bearerFormat' in bearer) delete bearer.bearerFormat;
  return sortKeys(document) as OpenAPIObject;
}

/** The only numbers in this API that may have a fraction; every other number is an integer. */
const FRACTIONAL_FIELDS = new Set(['progress_percent']);

/**
 * The Swagger plugin writes `number` for every TypeScript number; the API's numbers are integers
 * (ids, counts, bytes, seconds) except FRACTIONAL_FIELDS, so generated clients get `integer`.
 */
function typeIntegers(document: OpenAPIObject): void {
  const visit = (node: unknown, name?: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, name));
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'number' && !(name && FRACTIONAL_FIELDS.has(name))) record.type = 'integer';
    for (const [key, value] of Object.entries(record)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [property, schema] of Object.entries(value as Record<string, unknown>)) visit(schema, property);
      } else if (key === 'parameters' && Array.isArray(value)) {
        for (const parameter of value as Array<{ name?: string; schema?: unknown }>) visit(parameter.schema, parameter.name);
      } else {
        visit(value, key === 'items' ? name : undefined);
      }
    }
  };
  visit(document.components?.schemas);
  visit(document.paths);
}

/** 401 applies to every route not marked @Public() (the guard's rule), 413 to every route with a body. */
function addCommonErrors(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item as Record<string, unknown>)) {
      if (!value || typeof value !== 'object' || !('responses' in value)) continue;
      const operation = value as OperationObject & { [PUBLIC_EXTENSION]?: boolean };
      if (operation[PUBLIC_EXTENSION]) {
        delete operation[PUBLIC_EXTENSION];
        continue;
      }
      operation.security = [{ bearer: [] }];
      operation.responses['401'] ??= { description: 'Missing or invalid bearer token', content: { 'application/json': { schema: ERROR_REF } } };
      if ((BODY_METHODS as readonly string[]).includes(method)) {
        operation.responses['413'] ??= { description: 'Request body larger than 1 MB', content: { 'application/json': { schema: ERROR_REF } } };
      }
    }
  }
}

/** Stable key order so the committed file only changes when the API does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return JSON.stringify(document, null, 2) + '\n';
}
