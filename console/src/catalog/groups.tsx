import { $api, type Schemas } from '../api';
import { Field } from '../components/controls';
import { Link } from '../router';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogSyncBar, isImported, SourceBadge } from './appliance';
import { CatalogPage } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Group = Schemas['ProtectionGroupResponse'];
type Draft = Schemas['CreateProtectionGroupDto'];

export function GroupsPage() {
  const { offset, limit } = useCatalogPaging();
  const groups = $api.useQuery('get', '/api/v1/machine-groups', { params: { query: { limit, offset } } }, { placeholderData: (p) => p });
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
        { header: 'Source', cell: (g) => <SourceBadge record={g} /> },
      ]}
      rowKey={(g) => g.id}
      rowName={(g) => g.name}
      readOnly={isImported}
      banner={<CatalogSyncBar />}
      renderForm={(g, close) => <GroupForm group={g} close={close} />}
      onDelete={(g) => remove(() => deletion.mutateAsync({ params: { path: { id: g.id } } }))}
      empty="No protection groups yet."
    />
  );
}

export function GroupForm({ group, close }: { group: Group | null; close: () => void }) {
  const create = $api.useMutation('post', '/api/v1/machine-groups');
  const update = $api.useMutation('put', '/api/v1/machine-groups/{id}');
  const form = useCatalogForm<Draft>(
    () =>
      group
        ? { name: group.name, description: group.description, max_concurrent_vms: group.max_concurrent_vms, priority: group.priority }
        : { name: '', max_concurrent_vms: 5, priority: 0 },
    group ? update : create,
    (body) => (group ? update.mutateAsync({ params: { path: { id: group.id } }, body }) : create.mutateAsync({ body })),
    { refetch: ['/api/v1/machine-groups'], close },
  );
  const { value, set, problems } = form;
  return (
    <CatalogForm title={group ? `Edit ${group.name}` : 'New protection group'} form={form} onCancel={close}>
      <Field label="Name" problems={problems.name} required>
        {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="VMs backed up at once" problems={problems.max_concurrent_vms}>
        {(id) => (
          <input id={id} type="number" min={1} value={value.max_concurrent_vms ?? 5} onChange={(e) => set({ max_concurrent_vms: Number(e.target.value) })} />
        )}
      </Field>
      <Field label="Priority" problems={problems.priority} hint="Lower runs first">
        {(id) => <input id={id} type="number" value={value.priority ?? 0} onChange={(e) => set({ priority: Number(e.target.value) })} />}
      </Field>
      <Field label="Description" problems={problems.description}>
        {(id) => <input id={id} value={value.description ?? ''} onChange={(e) => set({ description: e.target.value || null })} />}
      </Field>
    </CatalogForm>
  );
}
