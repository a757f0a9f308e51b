import { CatalogSnapshot, CurrentCatalog, CurrentRecord, planImport, SnapshotVm } from './catalog-import.plan';

const vm = (name: string, extra: Partial<SnapshotVm> = {}): SnapshotVm => ({
  context_id: `ctx-${name}`,
  vm_name: name,
  vmware_vm_id: null,
  vm_path: null,
  vcenter_host: 'vc',
  datacenter: null,
  cpu_count: 2,
  memory_mb: 1024,
  os_type: null,
  power_state: null,
  ...extra,
});
const stored = (v: SnapshotVm, source: 'local' | 'appliance' = 'appliance', missing = false): CurrentRecord => ({
  key: v.context_id,
  name: v.vm_name,
  source,
  missing,
  fields: { ...v },
});
const empty: CurrentCatalog = { vms: [], groups: [], repositories: [], memberships: [] };
const snapshot = (parts: Partial<CatalogSnapshot>): CatalogSnapshot => ({ vms: [], groups: [], repositories: [], ...parts });

describe('planImport', () => {
  it('adds what is new, changes what differs, and lists imported records the appliance no longer has', () => {
    const current: CurrentCatalog = { ...empty, vms: [stored(vm('same')), stored(vm('changed')), stored(vm('gone')), stored(vm('back'), 'appliance', true)] };
    const plan = planImport(snapshot({ vms: [vm('same'), vm('changed', { cpu_count: 8 }), vm('back'), vm('new')] }), current);
    expect(plan.vms.insert.map((v) => v.vm_name)).toEqual(['new']);
    expect(plan.vms.update.map((u) => u.key)).toEqual(['ctx-changed', 'ctx-back']);
    expect(plan.vms.gone).toEqual([{ key: 'ctx-gone', name: 'gone', rowId: undefined }]);
  });

  it('plans nothing when nothing changed', () => {
    const v = [vm('a'), vm('b')];
    const plan = planImport(snapshot({ vms: v }), { ...empty, vms: v.map((x) => stored(x)) });
    expect([plan.vms.insert, plan.vms.update, plan.vms.gone, plan.skipped]).toEqual([[], [], [], []]);
  });

  it('never touches local records, and skips an incoming one whose name a local record has', () => {
    const local = stored(vm('web', { context_id: 'local-id' }), 'local');
    const plan = planImport(snapshot({ vms: [vm('web')] }), { ...empty, vms: [local] });
    expect([plan.vms.insert, plan.vms.gone]).toEqual([[], []]);
    expect(plan.skipped).toEqual([{ kind: 'VM', name: 'web', reason: expect.stringContaining('already exists in this engine') }]);
  });

  it('takes over a local record with the same id (it becomes the appliance’s)', () => {
    const plan = planImport(snapshot({ vms: [vm('adopt')] }), { ...empty, vms: [stored(vm('adopt'), 'local')] });
    expect(plan.vms.update.map((u) => u.key)).toEqual(['ctx-adopt']);
  });

  it('follows group memberships, skipping members the appliance lists no VM for', () => {
    const group = { id: 'g1', name: 'apps', description: null, max_concurrent_vms: 2, priority: 0 };
    const plan = planImport(
      snapshot({
        vms: [vm('a'), vm('b')],
        groups: [
          {
            ...group,
            members: [
              { vm_context_id: 'ctx-a', enabled: false, priority: 0 },
              { vm_context_id: 'ctx-b', enabled: true, priority: 1 },
              { vm_context_id: 'ctx-ghost', enabled: true, priority: 2 },
            ],
          },
        ],
      }),
      {
        vms: [stored(vm('a')), stored(vm('b')), stored(vm('c'))],
        groups: [{ key: 'g1', name: 'apps', source: 'appliance', missing: false, fields: { ...group } }],
        repositories: [],
        memberships: [
          { group_id: 'g1', vm_context_id: 'ctx-a', enabled: true, priority: 0 },
          { group_id: 'g1', vm_context_id: 'ctx-c', enabled: true, priority: 1 },
        ],
      },
    );
    expect(plan.memberships).toEqual({
      insert: [{ group_id: 'g1', vm_context_id: 'ctx-b', enabled: true, priority: 1 }],
      update: [{ group_id: 'g1', vm_context_id: 'ctx-a', enabled: false, priority: 0 }],
      remove: [{ group_id: 'g1', vm_context_id: 'ctx-c' }],
    });
    expect(plan.skipped.map((s) => s.kind)).toEqual(['membership']);
  });

  it('skips a repository of a type the engine does not know', () => {
    const plan = planImport(
      snapshot({
        repositories: [{ external_id: 'repo-tape-1', name: 'tape', type: 'tape', enabled: true, is_immutable: false, config: null, min_retention_days: 0 }],
      }),
      empty,
    );
    expect(plan.repositories.insert).toEqual([]);
    expect(plan.skipped).toEqual([{ kind: 'repository', name: 'tape', reason: expect.stringContaining('"tape"') }]);
  });
});
