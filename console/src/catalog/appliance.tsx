import { $api, invalidate, type Schemas } from '../api';
import { ErrorBanner } from '../components/feedback';
import { StatusBadge } from '../components/status';
import { Time } from '../components/values';

type Imported = Pick<Schemas['VmContextResponse'], 'source' | 'missing_since' | 'last_seen_at'>;

/** True for a record the Sendense appliance owns: the console offers no edit for it (the engine would refuse). */
export const isImported = (record: Imported): boolean => record.source === 'appliance';

/** Where a record comes from: "appliance" (or "missing" since when), or "local". */
export function SourceBadge({ record }: { record: Imported }) {
  if (record.missing_since) {
    return (
      <span title={`Gone from the appliance since ${record.missing_since}; kept because flows or history refer to it`}>
        <StatusBadge status="warning" label="missing from appliance" />
      </span>
    );
  }
  if (!isImported(record)) return <StatusBadge status="cancelled" label="local" />;
  return (
    <span title={record.last_seen_at ? `Last seen on the appliance ${record.last_seen_at}` : undefined}>
      <StatusBadge status="success" label="appliance" />
    </span>
  );
}

/**
 * In appliance mode (CATALOG_SOURCE=appliance): where the catalog comes from, its last sync (when,
 * how it ended) and "Sync now". Nothing is shown with a local catalog.
 */
export function CatalogSyncBar() {
  const status = $api.useQuery('get', '/api/v1/catalog/sync', {}, { refetchInterval: 15_000 });
  const syncNow = $api.useMutation('post', '/api/v1/catalog/sync', {
    onSettled: () => invalidate('/api/v1/catalog/sync', '/api/v1/vm-contexts', '/api/v1/machine-groups', '/api/v1/repositories'),
  });
  const data = status.data;
  if (!data || data.source !== 'appliance') return null;
  const last = data.last_sync;
  return (
    <div className={`banner ${last?.outcome === 'failed' ? 'banner-error' : 'banner-info'} sync-bar`} role="status">
      <span>
        VMs, groups and repositories come from the Sendense appliance and are changed there.{' '}
        {last ? (
          <>
            Last sync <Time value={last.finished_at} />: <StatusBadge status={last.outcome === 'succeeded' ? 'success' : 'failed'} label={last.outcome} />
            {last.error && <> {last.error}</>}
          </>
        ) : (
          'The first sync is under way.'
        )}
      </span>
      <button type="button" className="button button-small" onClick={() => syncNow.mutate({})} disabled={syncNow.isPending}>
        {syncNow.isPending ? 'Syncing…' : 'Sync now'}
      </button>
      <ErrorBanner error={syncNow.error} />
    </div>
  );
}
