import { useState } from 'react';
import { $api, invalidate, type Schemas } from '../api';
import { ConfirmDialog } from '../components/controls';
import { ErrorBanner, Notice } from '../components/feedback';
import { plural } from '../format';

type BulkAction = 'enable' | 'disable' | 'delete';
type Filters = Schemas['FlowFilters'];

/** What the bulk actions apply to: the ticked flows, or every flow the filters select. */
export interface Selection {
  ids: Set<string>;
  allMatching: boolean;
}

export const emptySelection = (): Selection => ({ ids: new Set(), allMatching: false });

const BULK: Record<
  BulkAction,
  { path: '/api/v1/protection-flows/bulk-enable' | '/api/v1/protection-flows/bulk-disable' | '/api/v1/protection-flows/bulk-delete'; label: string }
> = {
  enable: { path: '/api/v1/protection-flows/bulk-enable', label: 'Enable' },
  disable: { path: '/api/v1/protection-flows/bulk-disable', label: 'Disable' },
  delete: { path: '/api/v1/protection-flows/bulk-delete', label: 'Delete' },
};

const EXPLAIN: Record<BulkAction, string> = {
  delete: 'Deleting a flow removes its execution history. Flows with a running execution are kept (cancel the run first).',
  disable: 'Disabled flows do not run on their schedule, and their buffered runs are dropped.',
  enable: 'Enabled flows run on their schedule again.',
};

/**
 * Enable, disable or delete the selection. When a whole page is ticked and more flows match, it
 * offers to take every matching flow (the API's `match`), not just the page.
 */
export function BulkBar({
  selection,
  pageCount,
  total,
  filters,
  onChange,
}: {
  selection: Selection;
  pageCount: number;
  total: number;
  filters: Filters;
  onChange: (selection: Selection) => void;
}) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [result, setResult] = useState<Schemas['BulkFlowsResponse'] | null>(null);
  const enable = $api.useMutation('post', BULK.enable.path);
  const disable = $api.useMutation('post', BULK.disable.path);
  const remove = $api.useMutation('post', BULK.delete.path);
  const mutation = action === 'enable' ? enable : action === 'disable' ? disable : remove;
  const count = selection.allMatching ? total : selection.ids.size;
  const what = plural(count, 'flow');
  const apply = async () => {
    if (!action) return;
    const body = selection.allMatching ? { match: filters } : { flow_ids: [...selection.ids] };
    const outcome = await mutation.mutateAsync({ body }).catch(() => null);
    setAction(null);
    setResult(outcome);
    onChange(emptySelection());
    await invalidate('/api/v1/protection-flows');
  };
  return (
    <>
      {count > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selected flows">
          <span>{selection.allMatching ? `All ${what} matching the filters are selected` : `${what} selected`}</span>
          {!selection.allMatching && selection.ids.size === pageCount && total > pageCount && (
            <button type="button" className="button button-small button-quiet" onClick={() => onChange({ ids: selection.ids, allMatching: true })}>
              {`Select all ${plural(total, 'matching flow')}`}
            </button>
          )}
          {(Object.keys(BULK) as BulkAction[]).map((key) => (
            <button key={key} type="button" className={`button button-small${key === 'delete' ? ' button-danger' : ''}`} onClick={() => setAction(key)}>
              {`${BULK[key].label} selected`}
            </button>
          ))}
          <button type="button" className="button button-small button-quiet" onClick={() => onChange(emptySelection())}>
            Clear selection
          </button>
        </div>
      )}
      <ErrorBanner error={mutation.error} />
      {result && (
        <Notice tone={result.failed > 0 ? 'warning' : 'success'}>
          {`${BULK[result.action].label}: ${result.successful} of ${plural(result.requested, 'flow')} done.`}
          {result.errors.map((e) => (
            <div key={e.flow_id}>{`${e.flow_name ?? e.flow_id}: ${e.error}`}</div>
          ))}
        </Notice>
      )}
      <ConfirmDialog
        open={action !== null}
        title={action ? `${BULK[action].label} ${what}?` : ''}
        confirmLabel={action ? `${BULK[action].label} ${what}` : ''}
        danger={action === 'delete'}
        busy={mutation.isPending}
        onConfirm={() => void apply()}
        onCancel={() => setAction(null)}
      >
        {action ? EXPLAIN[action] : ''}
      </ConfirmDialog>
    </>
  );
}
