import { type FormEvent, useEffect, useState } from 'react';
import { $api, fieldProblems, invalidate, type Schemas } from '../api';
import { Checkbox, Field } from '../components/controls';
import { ErrorBanner, Skeleton } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { navigate } from '../router';
import { DryRunResult } from './dry-run-result';
import { PolicyPicker, RepositoryPicker, SchedulePicker, TargetPicker } from './flow-pickers';

type Draft = Schemas['CreateFlowRequest'];

const EMPTY: Draft = {
  name: '',
  description: null,
  flow_type: 'backup',
  target_type: 'vm',
  target_id: '',
  repository_id: null,
  policy_id: null,
  schedule_id: null,
  enabled: true,
};

function draftOf(flow: Schemas['FlowResponse']): Draft {
  const { name, description, flow_type, target_type, target_id, repository_id, policy_id, schedule_id, destination_type, destination_config, enabled } = flow;
  return { name, description, flow_type, target_type, target_id, repository_id, policy_id, schedule_id, destination_type, destination_config, enabled };
}

/** Create or edit a flow: every field of the API, pickers for what it refers to, "Test" before "Save". */
export function FlowFormPage({ flowId }: { flowId?: string }) {
  const existing = $api.useQuery('get', '/api/v1/protection-flows/{id}', { params: { path: { id: flowId ?? '' } } }, { enabled: !!flowId });
  const [draft, setDraft] = useState<Draft | null>(flowId ? null : EMPTY);
  const [configText, setConfigText] = useState('');
  useEffect(() => {
    if (existing.data && !draft) {
      setDraft(draftOf(existing.data));
      setConfigText(existing.data.destination_config ? JSON.stringify(existing.data.destination_config, null, 2) : '');
    }
  }, [existing.data, draft]);
  const create = $api.useMutation('post', '/api/v1/protection-flows');
  const update = $api.useMutation('put', '/api/v1/protection-flows/{id}');
  const test = $api.useMutation('post', '/api/v1/protection-flows/test');
  const save = flowId ? update : create;
  const configProblem = parseConfig(configText).problem;
  const problems: Record<string, string[] | undefined> = {
    ...fieldProblems(save.error ?? test.error),
    ...(configProblem ? { destination_config: [configProblem] } : {}),
  };

  if (flowId && !draft) {
    return (
      <>
        <PageHeader title="Edit flow" back={{ to: `/flows/${flowId}`, label: 'Flow' }} />
        <ErrorBanner error={existing.error} />
        {!existing.error && <Skeleton width="20em" />}
      </>
    );
  }
  const value = draft ?? EMPTY;
  const set = (patch: Partial<Draft>) => setDraft({ ...value, ...patch });
  const body = (): Draft => ({ ...value, destination_config: value.flow_type === 'replication' ? (parseConfig(configText).value ?? null) : null });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (configProblem) return;
    const saved = flowId
      ? await update.mutateAsync({ params: { path: { id: flowId } }, body: body() }).catch(() => null)
      : await create.mutateAsync({ body: body() }).catch(() => null);
    if (!saved) return;
    await invalidate('/api/v1/protection-flows');
    navigate(`/flows/${saved.id}`);
  };

  return (
    <>
      <PageHeader
        title={flowId ? `Edit ${existing.data?.name ?? 'flow'}` : 'New flow'}
        back={flowId ? { to: `/flows/${flowId}`, label: 'Flow' } : { to: '/flows', label: 'Protection flows' }}
      />
      <form className="form card" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorBanner error={save.error} besideFields />
        <div className="form-grid">
          <Field label="Name" problems={problems.name} required>
            {(id) => <input id={id} value={value.name} onChange={(e) => set({ name: e.target.value })} required maxLength={255} />}
          </Field>
          <Field label="Flow type" problems={problems.flow_type}>
            {(id) => (
              <select id={id} value={value.flow_type} onChange={(e) => set({ flow_type: e.target.value as Draft['flow_type'] })}>
                <option value="backup">Backup</option>
                <option value="replication">Replication</option>
              </select>
            )}
          </Field>
          <Field label="Description" problems={problems.description}>
            {(id) => <textarea id={id} rows={2} value={value.description ?? ''} onChange={(e) => set({ description: e.target.value || null })} />}
          </Field>
          <Field label="Target type" problems={problems.target_type}>
            {(id) => (
              <select id={id} value={value.target_type} onChange={(e) => set({ target_type: e.target.value as Draft['target_type'], target_id: '' })}>
                <option value="vm">One VM</option>
                <option value="group">A protection group</option>
              </select>
            )}
          </Field>
          <TargetPicker targetType={value.target_type} value={value.target_id} problems={problems.target_id} onChange={(target_id) => set({ target_id })} />
          <RepositoryPicker
            value={value.repository_id ?? null}
            problems={problems.repository_id}
            required={value.flow_type === 'backup'}
            onChange={(repository_id) => set({ repository_id })}
          />
          <PolicyPicker value={value.policy_id ?? null} problems={problems.policy_id} onChange={(policy_id) => set({ policy_id })} />
          <SchedulePicker value={value.schedule_id ?? null} problems={problems.schedule_id} onChange={(schedule_id) => set({ schedule_id })} />
          {value.flow_type === 'replication' && (
            <>
              <Field label="Destination type" problems={problems.destination_type}>
                {(id) => (
                  <select
                    id={id}
                    value={value.destination_type ?? ''}
                    onChange={(e) => set({ destination_type: (e.target.value || null) as Draft['destination_type'] })}
                  >
                    <option value="">Choose…</option>
                    <option value="ossea">OSSEA</option>
                    <option value="vmware">VMware</option>
                    <option value="hyperv">Hyper-V</option>
                  </select>
                )}
              </Field>
              <Field label="Destination settings (JSON)" problems={problems.destination_config}>
                {(id) => <textarea id={id} rows={3} className="mono" value={configText} onChange={(e) => setConfigText(e.target.value)} />}
              </Field>
            </>
          )}
          <div className="field">
            <Checkbox label="Enabled (runs on its schedule)" checked={value.enabled ?? true} onChange={(enabled) => set({ enabled })} />
          </div>
        </div>
        <div className="form-actions">
          <button type="button" className="button" disabled={test.isPending} onClick={() => test.mutate({ body: body() })}>
            Test
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save
          </button>
          <button type="button" className="button button-quiet" onClick={() => navigate(flowId ? `/flows/${flowId}` : '/flows')}>
            Cancel
          </button>
        </div>
        {test.error && !Object.keys(fieldProblems(test.error)).length && <ErrorBanner error={test.error} title="Test" />}
        {test.data && <DryRunResult result={test.data} />}
      </form>
    </>
  );
}

function parseConfig(text: string): { value?: Record<string, unknown>; problem?: string } {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { value: value as Record<string, unknown> };
    return { problem: 'must be a JSON object' };
  } catch {
    return { problem: 'is not valid JSON' };
  }
}
