import { useState } from 'react';
import { $api, type Schemas } from '../api';
import { Checkbox, Field } from '../components/controls';
import { StatusBadge } from '../components/status';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogPage } from './catalog-page';
import { JsonField } from './json-field';
import { useRefreshingDelete } from './use-delete';

type Policy = Schemas['PolicyResponse'];
type Draft = Schemas['CreatePolicyDto'];

export function PoliciesPage() {
  const { offset, limit } = useCatalogPaging();
  const policies = $api.useQuery('get', '/api/v1/policies', { params: { query: { limit, offset } } }, { placeholderData: (p) => p });
  const deletion = $api.useMutation('delete', '/api/v1/policies/{id}');
  const remove = useRefreshingDelete('/api/v1/policies');
  return (
    <CatalogPage<Policy>
      title="Retention policies"
      subtitle="How long backups are kept, and where copies go."
      noun="policy"
      nouns="policies"
      list={{ rows: policies.data?.policies, total: policies.data?.total ?? 0, isPending: policies.isPending, error: policies.error }}
      columns={[
        { header: 'Name', cell: (p) => <span className="strong">{p.name}</span> },
        { header: 'Keep for', cell: (p) => `${p.retention_days} days` },
        { header: 'State', cell: (p) => <StatusBadge status={p.enabled ? 'success' : 'cancelled'} label={p.enabled ? 'enabled' : 'disabled'} /> },
        { header: 'Copy rules', cell: (p) => p.copy_rules?.length ?? 0, className: 'num' },
        { header: 'Description', cell: (p) => p.description ?? <span className="muted">—</span> },
      ]}
      rowKey={(p) => String(p.id)}
      rowName={(p) => p.name}
      renderForm={(p, close) => <PolicyForm policy={p} close={close} />}
      onDelete={(p, detach) => remove(() => deletion.mutateAsync({ params: { path: { id: p.id }, query: { detach } } }))}
      detach={{
        label: 'Delete and remove it from them',
        explanation:
          "Deleting it anyway leaves these flows without a retention policy: their backups keep the repository's own retention, and each flow says so on its page.",
      }}
      empty="No policies yet. Flows without one keep the repository's own retention."
    />
  );
}

function PolicyForm({ policy, close }: { policy: Policy | null; close: () => void }) {
  const [rulesValid, setRulesValid] = useState(true);
  const create = $api.useMutation('post', '/api/v1/policies');
  const update = $api.useMutation('put', '/api/v1/policies/{id}');
  const form = useCatalogForm<Draft>(
    () =>
      policy
        ? {
            name: policy.name,
            description: policy.description ?? undefined,
            enabled: policy.enabled,
            retention_days: policy.retention_days,
            copy_rules: policy.copy_rules ?? [],
          }
        : { name: '', retention_days: 30, enabled: true, copy_rules: [] },
    policy ? update : create,
    (body) => (policy ? update.mutateAsync({ params: { path: { id: policy.id } }, body }) : create.mutateAsync({ body })),
    { refetch: ['/api/v1/policies', '/api/v1/protection-flows'], close, blocked: !rulesValid },
  );
  const { value, set, problems } = form;
  const ruleProblems = Object.entries(problems)
    .filter(([field]) => field.startsWith('copy_rules'))
    .flatMap(([field, list]) => list.map((p) => `${field}: ${p}`));
  return (
    <CatalogForm title={policy ? `Edit ${policy.name}` : 'New policy'} form={form} onCancel={close}>
      <Field label="Name" problems={problems.name} required>
        {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="Keep backups for (days)" problems={problems.retention_days}>
        {(id) => <input id={id} type="number" min={1} value={value.retention_days ?? 30} onChange={(e) => set({ retention_days: Number(e.target.value) })} />}
      </Field>
      <Field label="Description" problems={problems.description}>
        {(id) => <input id={id} value={value.description ?? ''} onChange={(e) => set({ description: e.target.value || undefined })} />}
      </Field>
      <JsonField
        label="Copy rules (JSON list of {destination_repository_id, copy_mode, enabled})"
        kind="array"
        initial={value.copy_rules}
        problems={ruleProblems}
        onChange={(rules) => {
          setRulesValid(rules !== undefined);
          if (rules !== undefined) set({ copy_rules: rules as Draft['copy_rules'] });
        }}
      />
      <div className="field">
        <Checkbox label="Enabled" checked={value.enabled ?? true} onChange={(enabled) => set({ enabled })} />
      </div>
    </CatalogForm>
  );
}
