import { $api, type Schemas } from '../api';
import { Field } from '../components/controls';
import { useLocation } from '../router';
import { CatalogForm, useCatalogForm, useCatalogPaging } from './catalog-form';
import { CatalogSyncBar, isImported, SourceBadge } from './appliance';
import { CatalogPage } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Vm = Schemas['VmContextResponse'];
type Draft = Schemas['CreateVmContextDto'];
const TEXT_FIELDS: Array<[keyof Vm, string]> = [
  ['vmware_vm_id', 'VMware VM id'],
  ['vm_path', 'VM path'],
  ['vcenter_host', 'vCenter host'],
  ['datacenter', 'Datacenter'],
  ['os_type', 'OS type'],
  ['power_state', 'Power state'],
];

export function VmsPage() {
  const { offset, limit } = useCatalogPaging();
  const { query } = useLocation();
  const search = query.get('search') ?? '';
  const vms = $api.useQuery('get', '/api/v1/vm-contexts', { params: { query: { limit, offset, search: search || undefined } } }, { placeholderData: (p) => p });
  const deletion = $api.useMutation('delete', '/api/v1/vm-contexts/{context_id}');
  const remove = useRefreshingDelete('/api/v1/vm-contexts');
  return (
    <>
      <CatalogPage<Vm>
        title="VMs"
        subtitle="The virtual machines flows can protect."
        noun="VM"
        list={{ rows: vms.data?.vm_contexts, total: vms.data?.total ?? 0, isPending: vms.isPending, error: vms.error }}
        columns={[
          { header: 'Name', cell: (vm) => <span className="strong">{vm.vm_name}</span> },
          { header: 'vCenter', cell: (vm) => vm.vcenter_host ?? '—' },
          { header: 'CPU / memory', cell: (vm) => (vm.cpu_count ? `${vm.cpu_count} vCPU, ${vm.memory_mb ?? '?'} MB` : '—') },
          { header: 'OS', cell: (vm) => vm.os_type ?? '—' },
          { header: 'Power', cell: (vm) => vm.power_state ?? '—' },
          { header: 'Source', cell: (vm) => <SourceBadge record={vm} /> },
        ]}
        rowKey={(vm) => vm.context_id}
        rowName={(vm) => vm.vm_name}
        readOnly={isImported}
        banner={<CatalogSyncBar />}
        renderForm={(vm, close) => <VmForm vm={vm} close={close} />}
        onDelete={(vm) => remove(() => deletion.mutateAsync({ params: { path: { context_id: vm.context_id } } }))}
        empty={search ? 'No VM matches.' : 'No VMs yet. Add the VMs your flows will protect.'}
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
      <Field label="VM name" problems={problems.vm_name}>
        {(id) => <input id={id} value={value.vm_name} onChange={(e) => set({ vm_name: e.target.value })} />}
      </Field>
      {TEXT_FIELDS.map(([key, label]) => (
        <Field key={key} label={label} problems={problems[key]}>
          {(id) => (
            <input id={id} value={(value[key as keyof Draft] as string | null | undefined) ?? ''} onChange={(e) => set({ [key]: e.target.value || null })} />
          )}
        </Field>
      ))}
      <Field label="vCPUs" problems={problems.cpu_count}>
        {(id) => <input id={id} type="number" min={1} value={value.cpu_count ?? ''} onChange={(e) => set({ cpu_count: number(e.target.value) })} />}
      </Field>
      <Field label="Memory (MB)" problems={problems.memory_mb}>
        {(id) => <input id={id} type="number" min={1} value={value.memory_mb ?? ''} onChange={(e) => set({ memory_mb: number(e.target.value) })} />}
      </Field>
    </CatalogForm>
  );
}

function pick(vm: Vm): Draft {
  const { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state } = vm;
  return { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state };
}
