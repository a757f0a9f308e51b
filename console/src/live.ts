import { useEffect } from 'react';
import { invalidate, tokenStore } from './api';

/** Which queries each kind of change makes stale. */
const STALE: Record<string, string[]> = {
  'flow.created': ['/api/v1/protection-flows'],
  'flow.updated': ['/api/v1/protection-flows'],
  'flow.deleted': ['/api/v1/protection-flows'],
  'execution.started': ['/api/v1/protection-flows', '/api/v1/flow-executions', '/api/v1/machine-groups'],
  'execution.progress': ['/api/v1/protection-flows', '/api/v1/flow-executions'],
  'execution.finished': ['/api/v1/protection-flows', '/api/v1/flow-executions', '/api/v1/machine-groups', '/api/v1/vm-contexts'],
  'job.updated': ['/api/v1/flow-executions'],
  'occurrence.recorded': ['/api/v1/protection-flows'],
};

/** At most one refetch per path this often, however many changes arrive (a 1,000-VM run sends many). */
const REFRESH_AT_MOST_EVERY_MS = 1000;

/**
 * Listens to the engine's change stream and refetches what changed. The pages keep a slow poll of
 * their own, so a dropped stream (EventSource reconnects by itself) never leaves them stale for long.
 */
export function useChangeStream(): void {
  useEffect(() => {
    const token = tokenStore.get();
    const source = new EventSource(`/api/v1/events/stream${token ? `?access_token=${encodeURIComponent(token)}` : ''}`);
    const due = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const paths = [...due];
      due.clear();
      void invalidate(...paths);
    };
    const onChange = (event: MessageEvent) => {
      for (const path of STALE[event.type] ?? []) due.add(path);
      timer ??= setTimeout(flush, REFRESH_AT_MOST_EVERY_MS);
    };
    for (const type of Object.keys(STALE)) source.addEventListener(type, onChange);
    return () => {
      source.close();
      clearTimeout(timer);
    };
  }, []);
}
