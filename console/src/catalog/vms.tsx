import { type FormEvent, useState } from 'react';
import { $api, fieldProblems, invalidate, type Schemas } from '../api';
import { Field } from '../components/controls';
import { ErrorBanner } from '../components/feedback';
import { setQuery, useLocation } from '../router';
import { CatalogPage, FormButtons } from './catalog-page';
import { useRefreshingDelete } from './use-delete';

type Vm = Schemas['VmContextResponse'];
const PAGE = 50;
const TEXT_FIELDS: Array<[keyof Vm, string]> = [
  ['vmware_vm_id', 'VMware VM id'],
  ['vm_path', 'VM path'],
  ['vcenter_host', 'vCenter host'],
  ['datacenter', 'Datacenter'],
  ['os_type', 'OS type'],
  ['power_state', 'Power state'],
];

export function VmsPage() {
  const { query } = useLocation();
  const offset = Number(query.get('offset') ?? 0);
  const search = query.get('search') ?? '';
  const vms = $api.useQuery(
    'get',
    '/api/v1/vm-contexts',
    { params: { query: { limit: PAGE, offset, search: search || undefined } } },
    { placeholderData: (p) => p },
  );
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
        ]}
        rowKey={(vm) => vm.context_id}
        rowName={(vm) => vm.vm_name}
        offset={offset}
        pageSize={PAGE}
        onPage={(next) => setQuery({ offset: next || undefined })}
        renderForm={(vm, close) => <VmForm vm={vm} close={close} />}
        onDelete={(vm) => remove(() => deletion.mutateAsync({ params: { path: { context_id: vm.context_id } } }))}
        empty={search ? 'No VM matches.' : 'No VMs yet. Add the VMs your flows will protect.'}
      />
    </>
  );
}

function VmForm({ vm, close }: { vm: Vm | null; close: () => void }) {
  const [value, setValue] = useState<Schemas['CreateVmContextDto']>(() => (vm ? { ...pick(vm) } : { vm_name: '' }));
  const create = $api.useMutation('post', '/api/v1/vm-contexts');
  const update = $api.useMutation('put', '/api/v1/vm-contexts/{context_id}');
  const save = vm ? update : create;
  const problems = fieldProblems(save.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = vm ? update.mutateAsync({ params: { path: { context_id: vm.context_id } }, body: value }) : create.mutateAsync({ body: value });
    if (
      await done.then(
        () => true,
        () => false,
      )
    ) {
      await invalidate('/api/v1/vm-contexts');
      close();
    }
  };
  const number = (text: string) => (text === '' ? null : Number(text));
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2>{vm ? `Edit ${vm.vm_name}` : 'New VM'}</h2>
      <ErrorBanner error={save.error} besideFields />
      <div className="form-grid">
        <Field label="VM name" problems={problems.vm_name}>
          {(id) => <input id={id} value={value.vm_name} onChange={(e) => setValue({ ...value, vm_name: e.target.value })} />}
        </Field>
        {TEXT_FIELDS.map(([key, label]) => (
          <Field key={key} label={label} problems={problems[key]}>
            {(id) => (
              <input
                id={id}
                value={(value[key as keyof typeof value] as string | null | undefined) ?? ''}
                onChange={(e) => setValue({ ...value, [key]: e.target.value || null })}
              />
            )}
          </Field>
        ))}
        <Field label="vCPUs" problems={problems.cpu_count}>
          {(id) => (
            <input id={id} type="number" min={1} value={value.cpu_count ?? ''} onChange={(e) => setValue({ ...value, cpu_count: number(e.target.value) })} />
          )}
        </Field>
        <Field label="Memory (MB)" problems={problems.memory_mb}>
          {(id) => (
            <input id={id} type="number" min={1} value={value.memory_mb ?? ''} onChange={(e) => setValue({ ...value, memory_mb: number(e.target.value) })} />
          )}
        </Field>
      </div>
      <FormButtons saving={save.isPending} onCancel={close} />
    </form>
  );
}

function pick(vm: Vm): Schemas['CreateVmContextDto'] {
  const { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state } = vm;
  return { vm_name, vmware_vm_id, vm_path, vcenter_host, datacenter, cpu_count, memory_mb, os_type, power_state };
}
