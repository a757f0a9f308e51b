import { ApplianceCatalog, ApplianceCatalogSource, ApplianceGroup, ApplianceRepository, ApplianceVm, CatalogReadError } from './appliance-catalog.port';
import { HttpTransport } from './http-transport';
import { describeError } from '../common/describe-error';

/** Groups' member lists read at once (the appliance answers one group per call). */
const GROUP_READS_AT_ONCE = 16;

type Json = Record<string, unknown>;

/**
 * The Sendense appliance's catalog (docs/sha-backup-api.md §4): `/vm-contexts`, `/machine-groups`
 * and each group's `/vms` (every member with its enabled state and priority), `/repositories`.
 * Every answer is checked for completeness (its own count); anything short of the whole catalog is a
 * CatalogReadError, so a sync never mistakes a partial answer for records that disappeared.
 */
export class ShaApplianceCatalog extends ApplianceCatalogSource {
  constructor(private readonly http: HttpTransport) {
    super();
  }

  async read(): Promise<ApplianceCatalog> {
    const [vms, groupList, repositories] = await Promise.all([this.vms(), this.get('/api/v1/machine-groups', 'machine groups'), this.repositories()]);
    const groups = list(groupList, 'groups', 'machine groups', Number(groupList.total_count));
    const members: ApplianceGroup[] = [];
    for (let i = 0; i < groups.length; i += GROUP_READS_AT_ONCE) {
      members.push(...(await Promise.all(groups.slice(i, i + GROUP_READS_AT_ONCE).map((group) => this.group(group)))));
    }
    return { vms, groups: members, repositories };
  }

  private async vms(): Promise<ApplianceVm[]> {
    const body = await this.get('/api/v1/vm-contexts', 'VM contexts');
    return list(body, 'vm_contexts', 'VM contexts', Number(body.count)).map((vm) => ({
      context_id: text(vm.context_id, 'a VM context without context_id'),
      vm_name: text(vm.vm_name, 'a VM context without vm_name'),
      vmware_vm_id: optionalText(vm.vmware_vm_id),
      vm_path: optionalText(vm.vm_path),
      vcenter_host: optionalText(vm.vcenter_host),
      datacenter: optionalText(vm.datacenter),
      cpu_count: optionalNumber(vm.cpu_count),
      memory_mb: optionalNumber(vm.memory_mb),
      os_type: optionalText(vm.os_type),
      power_state: optionalText(vm.power_state),
    }));
  }

  private async group(group: Json): Promise<ApplianceGroup> {
    const id = text(group.id, 'a machine group without id');
    const body = await this.get(`/api/v1/machine-groups/${encodeURIComponent(id)}/vms`, `the members of group ${String(group.name)}`);
    const vms = list(body, 'vms', `the members of group ${String(group.name)}`, Number(body.total_vms));
    return {
      id,
      name: text(group.name, 'a machine group without name'),
      description: optionalText(group.description),
      max_concurrent_vms: optionalNumber(group.max_concurrent_vms) ?? 5,
      priority: optionalNumber(group.priority) ?? 0,
      members: vms.map((vm) => ({
        vm_context_id: text(vm.vm_context_id, 'a group member without vm_context_id'),
        enabled: vm.enabled !== false,
        priority: optionalNumber(vm.priority) ?? 0,
      })),
    };
  }

  private async repositories(): Promise<ApplianceRepository[]> {
    const body = await this.get('/api/v1/repositories', 'repositories');
    if (body.success !== true) throw new CatalogReadError('the appliance did not answer its repositories with success: true');
    const items = list(body, 'repositories', 'repositories', NaN);
    return items.map((r) => ({
      id: text(r.id, 'a repository without id'),
      name: text(r.name, 'a repository without name'),
      type: text(r.type, 'a repository without type'),
      enabled: r.enabled !== false,
      is_immutable: r.is_immutable === true,
      config: r.config && typeof r.config === 'object' ? (r.config as Record<string, unknown>) : null,
      min_retention_days: optionalNumber(r.min_retention_days) ?? 0,
    }));
  }

  private async get(path: string, what: string): Promise<Json> {
    let answer;
    try {
      answer = await this.http.call('catalog', 'GET', path);
    } catch (err) {
      throw new CatalogReadError(`the appliance did not answer for its ${what}: ${describeError(err)}`);
    }
    if (answer.status !== 200) throw new CatalogReadError(`the appliance answered ${answer.status} for its ${what}`);
    if (!answer.body || typeof answer.body !== 'object') throw new CatalogReadError(`the appliance's answer for its ${what} is not JSON`);
    return answer.body as Json;
  }
}

/** The array under `key`, which must hold `expected` items when the answer gives a count. */
function list(body: Json, key: string, what: string, expected: number): Json[] {
  const items = body[key];
  if (!Array.isArray(items)) throw new CatalogReadError(`the appliance's answer for its ${what} has no ${key} list`);
  if (Number.isFinite(expected) && items.length !== expected) {
    throw new CatalogReadError(`the appliance listed ${items.length} of ${expected} ${what}: a partial answer is not applied`);
  }
  return items as Json[];
}

function text(value: unknown, problem: string): string {
  if (typeof value !== 'string' || value === '') throw new CatalogReadError(`the appliance listed ${problem}`);
  return value;
}

const optionalText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const optionalNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
