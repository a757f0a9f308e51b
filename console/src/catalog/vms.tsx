import { $api, type Schemas } from '../api';
import { Field } from '../components/controls';
import { Choice } from '../components/choice';
import { StatusBadge } from '../components/status';
import { Truncated } from '../components/values';
import { formatLocal, formatRelative } from '../format';
import { Link, useLocation } from '../router';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogSyncBar, isImported, SourceBadge } from './appliance';
import { CatalogPage } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Vm = Schemas['VmContextResponse'];
type CoveredVm = Schemas['CoveredVmContextResponse'];
const PROTECTION: Record<string, [string, string]> = {
  protected: ['success', 'protected'],
  stale: ['warning', 'stale'],
  unprotected: ['error', 'unprotected'],
};
type Draft = Schemas['CreateVmContextDto'];
const TEXT_FIELDS: Array<[keyof Vm, string]> = [
  ['vmware_vm_id', 'VMware VM ID'],
  ['vm_path', 'VM path'],
  ['vcenter_host', 'vCenter host'],
  ['datacenter', 'Datacenter'],
  ['os_type', 'Operating system'],
  ['power_state', 'Power state'],
];

export function VmsPage() {
  const { offset, limit } = useCatalogPaging();
  const { query } = useLocation();
  const search = query.get('search') ?? '';
  const protection = (query.get('protection') || undefined) as Schemas['VmProtection'] | undefined;
  const vms = $api.useQuery(
    'get',
    '/api/v1/vm-contexts',
    { params: { query: { limit, offset, search: search || undefined, protection } } },
    { placeholderData: (p) => p },
  );
  const deletion = $api.useMutation('delete', '/api/v1/vm-contexts/{context_id}');
  const remove = useRefreshingDelete('/api/v1/vm-contexts');
  return (
    <>
      <CatalogPage<CoveredVm>
        title="VMs"
        subtitle="The virtual machines flows can protect, and whether they are: a VM no enabled backup flow covers is unprotected; one whose last backup is older than its schedule allows is stale."
        noun="VM"
        list={{ rows: vms.data?.vm_contexts, total: vms.data?.total ?? 0, isPending: vms.isPending, error: vms.error }}
        columns={[
          { header: 'Name', cell: (vm) => <Truncated text={vm.vm_name} className="strong" />, className: 'cell-name' },
          {
            header: 'Protection',
            cell: (vm) => (
              <StatusBadge status={vm.coverage.protection} tone={PROTECTION[vm.coverage.protection][0]} label={PROTECTION[vm.coverage.protection][1]} />
            ),
          },
          {
            header: 'Last backup',
            cell: (vm) =>
              vm.coverage.last_backup_at ? (
                <time dateTime={vm.coverage.last_backup_at} title={formatLocal(vm.coverage.last_backup_at)}>
                  {formatRelative(vm.coverage.last_backup_at)}
                </time>
              ) : (
                <span className="muted">never</span>
              ),
            className: 'nowrap',
          },
          { header: 'Protected by', cell: (vm) => <FlowLinks flows={vm.coverage.protected_by} />, className: 'cell-name' },
          { header: 'vCenter', cell: (vm) => vm.vcenter_host ?? '—' },
          { header: 'CPU / memory', cell: (vm) => (vm.cpu_count ? `${vm.cpu_count} vCPU, ${vm.memory_mb ?? '?'} MB` : '—') },
          { header: 'Source', cell: (vm) => <SourceBadge record={vm} /> },
        ]}
        rowKey={(vm) => vm.context_id}
        rowName={(vm) => vm.vm_name}
        readOnly={isImported}
        banner={
          <>
            <CatalogSyncBar />
            <div className="toolbar" role="search">
              <Choice
                label="Protection"
                name="protection"
                value={protection ?? ''}
                options={[
                  ['unprotected', 'Unprotected'],
                  ['stale', 'Stale'],
                  ['protected', 'Protected'],
                ]}
              />
            </div>
          </>
        }
        renderForm={(vm, close) => <VmForm vm={vm} close={close} />}
        onDelete={(vm) => remove(() => deletion.mutateAsync({ params: { path: { context_id: vm.context_id } } }))}
        empty={search || protection ? 'No VM matches.' : 'No VMs yet. Add the VMs your flows will protect.'}
      />
    </>
  );
}

function VmForm({ vm, close }: { vm: Vm | null; close: () => void }) {
  const create = $api.useMutation('post', '/api/v1/vm-contexts');
  const update = $api.useMutation('put', '/api/v1/vm-contexts/{context_id}');
  const form = useCatalogForm<Draft>(
    () => (vm ? pick(vm) : { vm_name: '' }),
    vm ? update : create,
    (body) => (vm ? update.mutateAsync({ params: { path: { context_id: vm.context_id } }, body }) : create.mutateAsync({ body })),
    { refetch: ['/api/v1/vm-contexts'], close },
  );
  const { value, set, problems } = form;
  const number = (text: string) => (text === '' ? null : Number(text));
  return (
    <CatalogForm title={vm ? `Edit ${vm.vm_name}` : 'New VM'} form={form} onCancel={close}>
      <Field label="VM name" problems={problems.vm_name} required>
        {(id) => <input id={id} required value={value.vm_name} onChange={(e) => set({ vm_name: e.target.value })} />}
      </Field>
      {TEXT_FIELDS.map(([key, label]) => (
        <Field key={key} label={label} problems={problems[key]}>
          {(id) => (
            <input id={id} value={(value[key as keyof Draft] as string | null | undefined) ?? ''} onChange={(e) => set({ [key]: e.target.value || null })} />
          )}
        </Field>
      ))}
      <Field label="CPUs" problems={problems.cpu_count}>
        {(id) => <input id={id} type="number" min={1} value={value.cpu_count ?? ''} onChange={(e) => set({ cpu_count: number(e.target.value) })} />}
      </Field>
      <Field label="Memory (MB)" problems={problems.memory_mb}>
        {(id) => <input id={id} type="number" min={1} value={value.memory_mb ?? ''} onChange={(e) => set({ memory_mb: number(e.target.value) })} />}
      </Field>
    </CatalogForm>
  );
}

/** The flows covering a VM, linked; the first two by name, then how many more. */
function FlowLinks({ flows }: { flows: Array<{ id: string; name: string }> }) {
  if (flows.length === 0) return <span className="muted">no flow</span>;
  return (
    <span className="truncate" title={flows.map((f) => f.name).join(', ')}>
      {flows.slice(0, 2).map((flow, i) => (
        <span key={flow.id}>
          {i > 0 && ', '}
          <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
        </span>
      ))}
      {flows.length > 2 && <span className="muted">{` and ${flows.length - 2} more`}</span>}
    </span>
  );
}

function pick(vm: Vm): Draft {
  const { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state } = vm;
  return { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state };
}
