import { type FormEvent, useState } from 'react';
import { $api, fieldProblems, invalidate, type Schemas } from '../api';
import { Field } from '../components/controls';
import { ErrorBanner } from '../components/feedback';
import { Link, setQuery, useLocation } from '../router';
import { CatalogPage, FormButtons } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Group = Schemas['ProtectionGroupResponse'];
const PAGE = 50;

export function GroupsPage() {
  const { query } = useLocation();
  const offset = Number(query.get('offset') ?? 0);
  const groups = $api.useQuery('get', '/api/v1/machine-groups', { params: { query: { limit: PAGE, offset } } }, { placeholderData: (p) => p });
  const deletion = $api.useMutation('delete', '/api/v1/machine-groups/{id}');
  const remove = useRefreshingDelete('/api/v1/machine-groups');
  return (
    <CatalogPage<Group>
      title="Protection groups"
      subtitle="VMs protected together; a group's limit caps how many of its VMs are backed up at once, across all its flows."
      noun="group"
      list={{ rows: groups.data?.groups, total: groups.data?.total ?? 0, isPending: groups.isPending, error: groups.error }}
      columns={[
        {
          header: 'Name',
          cell: (g) => (
            <Link to={`/catalog/groups/${g.id}`} className="strong">
              {g.name}
            </Link>
          ),
        },
        { header: 'Members', cell: (g) => `${g.total_vms}${g.disabled_vms ? ` (${g.disabled_vms} disabled)` : ''}`, className: 'num' },
        { header: 'Backing up now', cell: (g) => g.active_jobs, className: 'num' },
        { header: 'At once', cell: (g) => g.max_concurrent_vms, className: 'num' },
        { header: 'Priority', cell: (g) => g.priority, className: 'num' },
        { header: 'Description', cell: (g) => g.description ?? <span className="muted">—</span> },
      ]}
      rowKey={(g) => g.id}
      rowName={(g) => g.name}
      offset={offset}
      pageSize={PAGE}
      onPage={(next) => setQuery({ offset: next || undefined })}
      renderForm={(g, close) => <GroupForm group={g} close={close} />}
      onDelete={(g) => remove(() => deletion.mutateAsync({ params: { path: { id: g.id } } }))}
      empty="No protection groups yet."
    />
  );
}

export function GroupForm({ group, close }: { group: Group | null; close: () => void }) {
  const [value, setValue] = useState<Schemas['CreateProtectionGroupDto']>(() =>
    group
      ? { name: group.name, description: group.description, max_concurrent_vms: group.max_concurrent_vms, priority: group.priority }
      : { name: '', max_concurrent_vms: 5, priority: 0 },
  );
  const create = $api.useMutation('post', '/api/v1/machine-groups');
  const update = $api.useMutation('put', '/api/v1/machine-groups/{id}');
  const save = group ? update : create;
  const problems = fieldProblems(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = group ? update.mutateAsync({ params: { path: { id: group.id } }, body: value }) : create.mutateAsync({ body: value });
    if (
      await done.then(
        () => true,
        () => false,
      )
    ) {
      await invalidate('/api/v1/machine-groups');
      close();
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2>{group ? `Edit ${group.name}` : 'New protection group'}</h2>
      <ErrorBanner error={save.error} besideFields />
      <div className="form-grid">
        <Field label="Name" problems={problems.name}>
          {(id) => <input id={id} value={value.name} onChange={(e) => setValue({ ...value, name: e.target.value })} />}
        </Field>
        <Field label="VMs backed up at once" problems={problems.max_concurrent_vms}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              value={value.max_concurrent_vms ?? 5}
              onChange={(e) => setValue({ ...value, max_concurrent_vms: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label="Priority" problems={problems.priority} hint="Lower runs first">
          {(id) => <input id={id} type="number" value={value.priority ?? 0} onChange={(e) => setValue({ ...value, priority: Number(e.target.value) })} />}
        </Field>
        <Field label="Description" problems={problems.description}>
          {(id) => <input id={id} value={value.description ?? ''} onChange={(e) => setValue({ ...value, description: e.target.value || null })} />}
        </Field>
      </div>
      <FormButtons saving={save.isPending} onCancel={close} />
    </form>
  );
}
