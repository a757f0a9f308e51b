import { IncomingMessage, ServerResponse } from 'node:http';
import { ApplianceGroup, ApplianceRepository } from '../appliance-catalog.port';
import { send } from './simulated-run';

export interface ShaCatalogVm {
  context_id: string;
  vm_name: string;
  vcenter_host?: string | null;
  datacenter?: string | null;
  cpu_count?: number | null;
  memory_mb?: number | null;
  os_type?: string | null;
  power_state?: string | null;
}

export type ShaCatalogGroup = ApplianceGroup;
export type ShaCatalogRepository = ApplianceRepository;

/** The appliance's catalog as the simulator serves it (a test may change it between syncs). */
export interface ShaCatalog {
  vms: ShaCatalogVm[];
  groups: ShaCatalogGroup[];
  repositories: ShaCatalogRepository[];
}

/** How the catalog routes fail: no answer, a 500, or a VM list shorter than its count. */
export type CatalogFault = 'unreachable' | 'error' | 'partial' | null;

const at = '2026-01-01T00:00:00Z';
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A demo appliance: `vms` VMs (demo-vm-01 …) in `groups` groups (members round-robin, the last one
 * disabled in each), and a local and an NFS repository — what `SIM_KIND=sha` and demo mode serve.
 */
export function demoCatalog(vms = 6, groups = 2): ShaCatalog {
  const vmList = Array.from({ length: vms }, (_, i) => ({
    context_id: `ctx-demo-vm-${pad(i + 1)}-20260101-000000`,
    vm_name: `demo-vm-${pad(i + 1)}`,
    vcenter_host: 'vcenter.demo.local',
    datacenter: 'DC1',
    cpu_count: 2 + (i % 4),
    memory_mb: 4096 * (1 + (i % 3)),
    os_type: i % 2 === 0 ? 'linux' : 'windows',
    power_state: 'poweredOn',
  }));
  const groupList = Array.from({ length: groups }, (_, g) => {
    const members = vmList.filter((_, i) => i % groups === g);
    return {
      id: `00000000-0000-4000-8000-${pad(g + 1, 12)}`,
      name: `demo-group-${pad(g + 1)}`,
      description: 'Imported from the demo appliance',
      max_concurrent_vms: 3,
      priority: g,
      members: members.map((vm, i) => ({ vm_context_id: vm.context_id, enabled: i < members.length - 1 || members.length === 1, priority: i })),
    };
  });
  const repository = (id: string, name: string, type: string) => ({
    id,
    name,
    type,
    enabled: true,
    is_immutable: false,
    config: { path: `/backups/${name}` },
    min_retention_days: 7,
  });
  return {
    vms: vmList,
    groups: groupList,
    repositories: [repository('repo-local-1728000000', 'appliance-local', 'local'), repository('repo-nfs-1728000001', 'appliance-nfs', 'nfs')],
  };
}

/**
 * The appliance's catalog routes as docs/sha-backup-api.md §4 describes them: `/vm-contexts`,
 * `/machine-groups`, `/machine-groups/{id}/vms`, `/repositories` — behind the Bearer token when one
 * is set, and failing as `fault` says.
 */
export class ShaCatalogRoutes {
  fault: CatalogFault = null;

  constructor(
    public catalog: ShaCatalog,
    private readonly token?: string,
  ) {}

  /** True when the request was a catalog route (answered or dropped). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (req.method !== 'GET') return false;
    const members = /^\/api\/v1\/machine-groups\/([^/]+)\/vms$/.exec(url.pathname);
    const route = url.pathname === '/api/v1/vm-contexts' || url.pathname === '/api/v1/machine-groups' || url.pathname === '/api/v1/repositories' || members;
    if (!route) return false;
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) {
      send(res, 401, { error: 'Authorization required', details: '', timestamp: at });
      return true;
    }
    if (this.fault === 'unreachable') {
      req.socket.destroy();
      return true;
    }
    if (this.fault === 'error') {
      send(res, 500, { error: 'database error', timestamp: at });
      return true;
    }
    if (url.pathname === '/api/v1/vm-contexts') this.vmContexts(res);
    else if (url.pathname === '/api/v1/machine-groups') this.groups(res);
    else if (url.pathname === '/api/v1/repositories')
      send(res, 200, { success: true, repositories: this.catalog.repositories.map((r) => ({ ...r, created_at: at, updated_at: at })) });
    else if (members) this.members(decodeURIComponent(members[1]), res);
    return true;
  }

  /** The VM context the appliance has under this name, if any. */
  vmNamed(name: string): ShaCatalogVm | undefined {
    return this.catalog.vms.find((vm) => vm.vm_name === name);
  }

  private vmContexts(res: ServerResponse): void {
    const vms = [...this.catalog.vms].sort((a, b) => a.vm_name.localeCompare(b.vm_name));
    const shown = this.fault === 'partial' ? vms.slice(0, Math.floor(vms.length / 2)) : vms;
    const groupsOf = (id: string) => this.catalog.groups.filter((g) => g.members.some((m) => m.vm_context_id === id));
    send(res, 200, {
      vm_contexts: shown.map((vm) => ({
        vmware_vm_id: `vm-${vm.vm_name}`,
        vm_path: `/${vm.datacenter ?? 'DC1'}/vm/${vm.vm_name}`,
        current_status: 'discovered',
        credential_id: 1,
        ...vm,
        groups: groupsOf(vm.context_id).map((g) => ({ group_id: g.id, group_name: g.name, priority: g.priority, enabled: true })),
        group_count: groupsOf(vm.context_id).length,
      })),
      count: vms.length,
    });
  }

  private groups(res: ServerResponse): void {
    const groups = this.catalog.groups.map(({ members, ...g }) => ({
      ...g,
      total_vms: members.length,
      enabled_vms: members.filter((m) => m.enabled).length,
      disabled_vms: members.filter((m) => !m.enabled).length,
      active_jobs: 0,
      created_by: 'admin',
      created_at: at,
      updated_at: at,
    }));
    send(res, 200, { groups, total_count: groups.length, retrieved_at: at });
  }

  private members(groupId: string, res: ServerResponse): void {
    const group = this.catalog.groups.find((g) => g.id === groupId);
    if (!group) return send(res, 404, { error: 'machine group not found', timestamp: at });
    const vms = group.members.map((m) => {
      const vm = this.catalog.vms.find((v) => v.context_id === m.vm_context_id);
      return {
        vm_context_id: m.vm_context_id,
        vm_name: vm?.vm_name ?? '',
        vmware_vm_id: `vm-${vm?.vm_name ?? ''}`,
        priority: m.priority,
        enabled: m.enabled,
        added_at: at,
        added_by: 'admin',
      };
    });
    send(res, 200, { group_id: group.id, group_name: group.name, total_vms: vms.length, vms, retrieved_at: at });
  }
}
