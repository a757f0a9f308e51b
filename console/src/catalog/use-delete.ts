import { invalidate } from '../api';

/** A catalog delete that refreshes the list and the flows once it succeeded; a refusal (409 "in use by …") reaches the dialog. */
export function useRefreshingDelete(listPath: string) {
  return async (call: () => Promise<unknown>): Promise<void> => {
    await call();
    await invalidate(listPath, '/api/v1/protection-flows');
  };
}
