import { QueryClient } from '@tanstack/react-query';
import createQueryHooks from 'openapi-react-query';
import { createEngineClient, type components } from '../../client';

export type Schemas = components['schemas'];
export type ErrorEnvelope = Schemas['ErrorResponse'];

const TOKEN_KEY = 'protection-flow-engine.token';

/** The API token, kept for the browser tab's session only. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
/** A 401 came before anyone listened (the first page's data is fetched before the app renders). */
let unauthorizedEarly = false;

/** Called whenever the engine answers 401: the console asks for the token again. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  if (unauthorizedEarly) listener();
  return () => unauthorizedListeners.delete(listener);
}

export const client = createEngineClient({
  token: () => tokenStore.get(),
  onUnauthorized: () => {
    if (unauthorizedListeners.size === 0) unauthorizedEarly = true;
    unauthorizedListeners.forEach((listener) => listener());
  },
});

/** After signing in: a later 401 is news again. */
export function clearEarlyUnauthorized(): void {
  unauthorizedEarly = false;
}

/** Typed TanStack Query hooks over the generated client: every call the console makes goes through these. */
export const $api = createQueryHooks(client);

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 2_000,
      refetchOnWindowFocus: true,
      retry: (failures, error) => failures < 2 && !isEnvelope(error),
    },
  },
});

export function isEnvelope(error: unknown): error is ErrorEnvelope {
  return !!error && typeof error === 'object' && 'error' in error && 'status' in error;
}

/** The sentence to show for a failed call: the API's own `error` text when there is one. */
export function errorText(error: unknown): string {
  if (isEnvelope(error)) return error.error;
  if (error instanceof Error) return `The engine could not be reached: ${error.message}`;
  return 'The request failed';
}

/** Field name → problems, from an error envelope's details (shown beside the fields they name). */
export function fieldProblems(error: unknown): Record<string, string[]> {
  if (!isEnvelope(error)) return {};
  const byField: Record<string, string[]> = {};
  for (const detail of error.details) byField[detail.field] = [...(byField[detail.field] ?? []), ...detail.problems];
  return byField;
}

/** Refetches every query of a path (and its sub-paths), e.g. after a change. */
export function invalidate(...paths: string[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => typeof query.queryKey[1] === 'string' && paths.some((path) => (query.queryKey[1] as string).startsWith(path)),
  });
}
