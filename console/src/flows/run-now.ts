import { $api, invalidate } from '../api';
import { navigate } from '../router';

/** "Run now": starts a run and opens its page, where it can be watched. */
export function useRunNow() {
  const execute = $api.useMutation('post', '/api/v1/protection-flows/{id}/execute', {
    onSuccess: (execution) => {
      void invalidate('/api/v1/protection-flows');
      navigate(`/executions/${execution.id}`);
    },
  });
  return {
    run: (flowId: string) => execute.mutate({ params: { path: { id: flowId } }, body: { execution_type: 'manual' } }),
    isPending: execute.isPending,
    error: execute.error,
  };
}
