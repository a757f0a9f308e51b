import { $api, queryClient } from './api';
import { flowListQuery, summaryParams } from './flows/flows-page';
import { DEFAULT_VIEW, runFilterOf, runListParams } from './runs/executions-page';

/**
 * Asks for the first page's data as soon as the script runs, before React has rendered anything:
 * the page's own queries (same keys) then find it arriving or arrived. Only the two busiest pages.
 */
export function prefetchFirstPage(): void {
  const path = window.location.pathname;
  const query = new URLSearchParams(window.location.search);
  if (path === '/' || path === '/flows') {
    void queryClient.prefetchQuery($api.queryOptions('get', '/api/v1/protection-flows/summary', summaryParams()));
    void queryClient.prefetchQuery($api.queryOptions('get', '/api/v1/protection-flows', flowListQuery(query).init));
  } else if (path === '/executions') {
    const filtered = runFilterOf(query);
    for (const filter of filtered ? [filtered] : [DEFAULT_VIEW.running(), DEFAULT_VIEW.recent()])
      void queryClient.prefetchQuery($api.queryOptions('get', '/api/v1/flow-executions', runListParams(filter)));
  }
}
