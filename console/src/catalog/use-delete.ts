import { invalidate } from '../api';

/** A catalog delete that refreshes the list; a 409 ("still in use by …") stays in `error` for the page to show. */
export function useRefreshingDelete(mutation: { isPending: boolean; error: unknown }, listPath: string) {
  return {
    run: async (call: () => Promise<unknown>): Promise<boolean> => {
      const ok = await call().then(
        () => true,
        () => false,
      );
      if (ok) await invalidate(listPath, '/api/v1/protection-flows');
      return ok;
    },
    isPending: mutation.isPending,
    error: mutation.error,
  };
}
