import { useState } from 'react';
import { $api } from '../api';
import { Field } from '../components/controls';
import { NextRuns } from '../components/values';

const ALL = 500;

export function TargetPicker({
  targetType,
  value,
  problems,
  onChange,
}: {
  targetType: 'vm' | 'group';
  value: string;
  problems?: string[];
  onChange: (id: string) => void;
}) {
  return targetType === 'vm' ? (
    <VmPicker value={value} problems={problems} onChange={onChange} />
  ) : (
    <GroupPicker value={value} problems={problems} onChange={onChange} />
  );
}

/** VMs can be many: a search narrows the list to 100. */
function VmPicker({ value, problems, onChange }: { value: string; problems?: string[]; onChange: (id: string) => void }) {
  const [search, setSearch] = useState('');
  const vms = $api.useQuery('get', '/api/v1/vm-contexts', { params: { query: { search: search || undefined, limit: 100 } } }, { placeholderData: (p) => p });
  const selected = $api.useQuery('get', '/api/v1/vm-contexts/{context_id}', { params: { path: { context_id: value } } }, { enabled: !!value });
  const options = vms.data?.vm_contexts ?? [];
  const showSelected = selected.data && !options.some((vm) => vm.context_id === value);
  return (
    <>
      <Field label="Find VM">
        {(id) => <input id={id} type="search" placeholder="Part of the VM name" value={search} onChange={(e) => setSearch(e.target.value)} />}
      </Field>
      <Field
        label="VM"
        required
        problems={problems}
        hint={vms.data && vms.data.total > options.length ? `${options.length} of ${vms.data.total} shown; search to narrow` : undefined}
      >
        {(id) => (
          <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">Choose a VM…</option>
            {showSelected && <option value={value}>{selected.data?.vm_name}</option>}
            {options.map((vm) => (
              <option key={vm.context_id} value={vm.context_id}>
                {vm.vm_name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function GroupPicker({ value, problems, onChange }: { value: string; problems?: string[]; onChange: (id: string) => void }) {
  const groups = $api.useQuery('get', '/api/v1/machine-groups', { params: { query: { limit: ALL } } });
  return (
    <Field label="Protection group" problems={problems} required>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a group…</option>
          {(groups.data?.groups ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function RepositoryPicker({
  value,
  problems,
  required,
  onChange,
}: {
  value: number | null;
  problems?: string[];
  required: boolean;
  onChange: (id: number | null) => void;
}) {
  const repositories = $api.useQuery('get', '/api/v1/repositories', { params: { query: { limit: ALL } } });
  return (
    <Field label="Repository" problems={problems} required={required}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
          <option value="">{required ? 'Choose a repository…' : 'None'}</option>
          {(repositories.data?.repositories ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {`${r.name}${r.enabled ? '' : ' (disabled)'}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function PolicyPicker({ value, problems, onChange }: { value: number | null; problems?: string[]; onChange: (id: number | null) => void }) {
  const policies = $api.useQuery('get', '/api/v1/policies', { params: { query: { limit: ALL } } });
  return (
    <Field label="Retention policy" problems={problems}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
          <option value="">No policy</option>
          {(policies.data?.policies ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.name} (${p.retention_days} days)${p.enabled ? '' : ' (disabled)'}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The schedule, with its next three runs shown under it. */
export function SchedulePicker({ value, problems, onChange }: { value: string | null; problems?: string[]; onChange: (id: string | null) => void }) {
  const schedules = $api.useQuery('get', '/api/v1/schedules', { params: { query: { limit: ALL } } });
  const next = $api.useQuery('get', '/api/v1/schedules/{id}/next-runs', { params: { path: { id: value ?? '' }, query: { count: 3 } } }, { enabled: !!value });
  const zone = (schedules.data?.schedules ?? []).find((s) => s.id === value)?.timezone;
  const hint = value && next.data && <NextRuns runs={next.data.next_runs} zone={zone} />;
  return (
    <Field label="Schedule" problems={problems} hint={hint || undefined}>
      {(id) => (
        <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
          <option value="">No schedule (on demand only)</option>
          {(schedules.data?.schedules ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {`${s.name} — ${s.cron_expression} ${s.timezone}${s.enabled ? '' : ' (disabled)'}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
