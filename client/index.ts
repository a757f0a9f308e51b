import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
/** The body of every non-2xx answer of the engine. */
export type ErrorEnvelope = components['schemas']['ErrorResponse'];
export type EngineClient = Client<paths>;

export interface EngineClientOptions {
  /** The engine's origin, e.g. http://127.0.0.1:8080 (paths already start with /api/v1). Empty: same origin. */
  baseUrl?: string;
  /** The engine's API_TOKEN; a function is asked before every request (a token kept in storage may change). */
  token?: string | (() => string | null | undefined);
  /** Called with every 401, e.g. to ask the user for a token again. */
  onUnauthorized?: (error: ErrorEnvelope) => void;
  fetch?: typeof globalThis.fetch;
}

/** A typed client for the Protection Flow Engine API, generated from openapi.json. */
export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', fetch: options.fetch });
  client.use(bearerToken(options));
  return client;
}

function bearerToken(options: EngineClientOptions): Middleware {
  return {
    onRequest({ request }) {
      const token = typeof options.token === 'function' ? options.token() : options.token;
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.status === 401 && options.onUnauthorized) {
        options.onUnauthorized((await response.clone().json()) as ErrorEnvelope);
      }
      return response;
    },
  };
}

/** The sentence to show a person for a failed call. */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error && typeof error.error === 'string') return error.error;
  if (error instanceof Error) return `The engine could not be reached: ${error.message}`;
  return 'The request failed';
}
