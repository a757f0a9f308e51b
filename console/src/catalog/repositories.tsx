import { useState } from 'react';
import { $api, type Schemas } from '../api';
import { Checkbox, Field } from '../components/controls';
import { StatusBadge } from '../components/status';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogSyncBar, isImported, SourceBadge } from './appliance';
import { CatalogPage } from './catalog-page';
import { JsonField } from './json-field';
import { useRefreshingDelete } from './use-delete';

type Repository = Schemas['RepositoryResponse'];
type Draft = Schemas['CreateRepositoryDto'];
const TYPES: Array<Draft['type']> = ['local', 'nfs', 'cifs', 'smb', 's3', 'azure'];

export function RepositoriesPage() {
  const { offset, limit } = useCatalogPaging();
  const repositories = $api.useQuery('get', '/api/v1/repositories', { params: { query: { limit, offset } } }, { placeholderData: (p) => p });
  const deletion = $api.useMutation('delete', '/api/v1/repositories/{id}');
  const remove = useRefreshingDelete('/api/v1/repositories');
  return (
    <CatalogPage<Repository>
      title="Repositories"
      subtitle="Where backups are stored."
      noun="repository"
      nouns="repositories"
      list={{ rows: repositories.data?.repositories, total: repositories.data?.total ?? 0, isPending: repositories.isPending, error: repositories.error }}
      columns={[
        { header: 'Name', cell: (r) => <span className="strong">{r.name}</span> },
        { header: 'Type', cell: (r) => r.type.toUpperCase() },
        { header: 'State', cell: (r) => <StatusBadge status={r.enabled ? 'success' : 'cancelled'} label={r.enabled ? 'enabled' : 'disabled'} /> },
        { header: 'Immutable', cell: (r) => (r.is_immutable ? 'yes' : 'no') },
        { header: 'Min. retention', cell: (r) => `${r.min_retention_days} days` },
        { header: 'Source', cell: (r) => <SourceBadge record={r} /> },
      ]}
      rowKey={(r) => String(r.id)}
      rowName={(r) => r.name}
      readOnly={isImported}
      banner={<CatalogSyncBar />}
      renderForm={(r, close) => <RepositoryForm repository={r} close={close} />}
      onDelete={(r) => remove(() => deletion.mutateAsync({ params: { path: { id: r.id } } }))}
      empty="No repositories yet: a backup flow needs one."
    />
  );
}

function RepositoryForm({ repository, close }: { repository: Repository | null; close: () => void }) {
  const [configValid, setConfigValid] = useState(true);
  const create = $api.useMutation('post', '/api/v1/repositories');
  const update = $api.useMutation('put', '/api/v1/repositories/{id}');
  const form = useCatalogForm<Draft>(
    () => (repository ? draftOf(repository) : { name: '', type: 'local', enabled: true }),
    repository ? update : create,
    (body) => (repository ? update.mutateAsync({ params: { path: { id: repository.id } }, body }) : create.mutateAsync({ body })),
    { refetch: ['/api/v1/repositories', '/api/v1/protection-flows'], close, blocked: !configValid },
  );
  const { value, set, problems } = form;
  return (
    <CatalogForm title={repository ? `Edit ${repository.name}` : 'New repository'} form={form} onCancel={close}>
      <Field label="Name" problems={problems.name} required>
        {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="Type" problems={problems.type}>
        {(id) => (
          <select id={id} value={value.type} onChange={(e) => set({ type: e.target.value as Draft['type'] })}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toUpperCase()}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Minimum retention (days)" problems={problems.min_retention_days}>
        {(id) => (
          <input id={id} type="number" min={0} value={value.min_retention_days ?? 0} onChange={(e) => set({ min_retention_days: Number(e.target.value) })} />
        )}
      </Field>
      <JsonField
        label="Settings (JSON)"
        kind="object"
        initial={value.config}
        problems={problems.config}
        onChange={(config) => {
          setConfigValid(config !== undefined);
          if (config !== undefined) set({ config: config as Draft['config'] });
        }}
      />
      <div className="field">
        <Checkbox label="Enabled" checked={value.enabled ?? true} onChange={(enabled) => set({ enabled })} />
        <Checkbox label="Immutable" checked={value.is_immutable ?? false} onChange={(is_immutable) => set({ is_immutable })} />
      </div>
    </CatalogForm>
  );
}

function draftOf(r: Repository): Draft {
  return { name: r.name, type: r.type, enabled: r.enabled, is_immutable: r.is_immutable, min_retention_days: r.min_retention_days, config: r.config };
}
