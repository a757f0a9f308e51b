import { type FormEvent, useState } from 'react';
import { $api, invalidate, type Schemas } from '../api';
import { Field, Pager, Switch } from '../components/controls';
import { EmptyRow, ErrorBanner, Skeleton, SkeletonRows } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { CatalogSyncBar, isImported } from './appliance';

const PAGE = 100;
type Member = Schemas['GroupMemberResponse'];

/** A group's members: add, remove, enable or disable, and their priority (lower is backed up first). */
export function GroupDetailPage({ groupId }: { groupId: string }) {
  const [offset, setOffset] = useState(0);
  const group = $api.useQuery('get', '/api/v1/machine-groups/{id}', { params: { path: { id: groupId } } });
  const members = $api.useQuery(
    'get',
    '/api/v1/machine-groups/{id}/vms',
    { params: { path: { id: groupId }, query: { limit: PAGE, offset } } },
    { placeholderData: (p) => p },
  );
  const rows = members.data?.vms ?? [];
  return (
    <>
      <PageHeader
        back={{ to: '/catalog/groups', label: 'Protection groups' }}
        title={group.data?.name ?? <Skeleton width="10em" />}
        subtitle={
          group.data && `At most ${group.data.max_concurrent_vms} of its VMs are backed up at once. Members run by priority (lower first), then by name.`
        }
      />
      <ErrorBanner error={group.error ?? members.error} />
      <CatalogSyncBar />
      {group.data && !isImported(group.data) && <AddMember groupId={groupId} />}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">VM</th>
              <th scope="col">Priority</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.isPending && <SkeletonRows columns={4} rows={3} />}
            {!members.isPending && rows.length === 0 && <EmptyRow columns={4}>No members yet: add the VMs this group protects.</EmptyRow>}
            {rows.map((m) => (
              <MemberRow key={m.id} groupId={groupId} member={m} readOnly={!group.data || isImported(group.data)} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={members.data?.total ?? 0} limit={PAGE} offset={offset} onChange={setOffset} noun="member" />
    </>
  );
}

function MemberRow({ groupId, member, readOnly }: { groupId: string; member: Member; readOnly: boolean }) {
  const [priority, setPriority] = useState(String(member.priority));
  const path = { params: { path: { id: groupId, vm_context_id: member.vm_context_id } } };
  const refresh = () => invalidate('/api/v1/machine-groups');
  const patch = $api.useMutation('patch', '/api/v1/machine-groups/{id}/vms/{vm_context_id}', { onSettled: refresh });
  const remove = $api.useMutation('delete', '/api/v1/machine-groups/{id}/vms/{vm_context_id}', { onSettled: refresh });
  const priorityId = `priority-${member.id}`;
  return (
    <tr>
      <td className="strong">
        {member.vm_name}
        <ErrorBanner error={patch.error ?? remove.error} />
      </td>
      <td>
        <label htmlFor={priorityId} className="sr-only">{`Priority of ${member.vm_name}`}</label>
        <input
          disabled={readOnly}
          id={priorityId}
          className="input-small"
          type="number"
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
          onBlur={() => priority !== String(member.priority) && patch.mutate({ ...path, body: { priority: Number(priority) } })}
        />
      </td>
      <td>
        <Switch
          checked={member.enabled}
          label={`Enabled: ${member.vm_name}`}
          disabled={readOnly}
          onChange={(enabled) => patch.mutate({ ...path, body: { enabled } })}
        />
      </td>
      <td className="row-actions">
        {!readOnly && (
          <button type="button" className="button button-small button-danger" onClick={() => remove.mutate(path)} aria-label={`Remove ${member.vm_name}`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

function AddMember({ groupId }: { groupId: string }) {
  const [search, setSearch] = useState('');
  const [vm, setVm] = useState('');
  const [priority, setPriority] = useState('0');
  const vms = $api.useQuery('get', '/api/v1/vm-contexts', { params: { query: { search: search || undefined, limit: 100 } } }, { placeholderData: (p) => p });
  const add = $api.useMutation('post', '/api/v1/machine-groups/{id}/vms', {
    onSuccess: () => {
      setVm('');
      void invalidate('/api/v1/machine-groups');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (vm) add.mutate({ params: { path: { id: groupId } }, body: { vm_context_id: vm, priority: Number(priority), enabled: true } });
  };
  return (
    <form className="card toolbar" onSubmit={submit} aria-label="Add a member">
      <Field label="Find VM">
        {(id) => <input id={id} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Part of the name" />}
      </Field>
      <Field label="VM to add">
        {(id) => (
          <select id={id} value={vm} onChange={(e) => setVm(e.target.value)}>
            <option value="">Choose a VM…</option>
            {(vms.data?.vm_contexts ?? []).map((v) => (
              <option key={v.context_id} value={v.context_id}>
                {v.vm_name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Member priority">
        {(id) => <input id={id} className="input-small" type="number" value={priority} onChange={(e) => setPriority(e.target.value)} />}
      </Field>
      <button type="submit" className="button button-primary" disabled={!vm || add.isPending}>
        Add member
      </button>
      <ErrorBanner error={add.error} />
    </form>
  );
}
