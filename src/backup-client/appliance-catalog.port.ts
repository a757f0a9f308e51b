/** A VM context as the appliance lists it. */
export interface ApplianceVm {
  context_id: string;
  vm_name: string;
  vmware_vm_id: string | null;
  vm_path: string | null;
  vcenter_host: string | null;
  datacenter: string | null;
  cpu_count: number | null;
  memory_mb: number | null;
  os_type: string | null;
  power_state: string | null;
}

/** A machine group with every member, enabled or not, and its priority. */
export interface ApplianceGroup {
  id: string;
  name: string;
  description: string | null;
  max_concurrent_vms: number;
  priority: number;
  members: Array<{ vm_context_id: string; enabled: boolean; priority: number }>;
}

export interface ApplianceRepository {
  /** The appliance's own id (repo-nfs-1728…). */
  id: string;
  name: string;
  type: string;
  enabled: boolean;
  is_immutable: boolean;
  config: Record<string, unknown> | null;
  min_retention_days: number;
}

export interface ApplianceCatalog {
  vms: ApplianceVm[];
  groups: ApplianceGroup[];
  repositories: ApplianceRepository[];
}

/** The appliance did not answer, answered an error, or answered less than it said it had: nothing may be concluded. */
export class CatalogReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogReadError';
  }
}

/**
 * The port in front of the appliance's catalog (VM contexts, machine groups and their members,
 * repositories). `read` answers the whole catalog or throws CatalogReadError — never a part of it.
 */
export abstract class ApplianceCatalogSource {
  abstract read(): Promise<ApplianceCatalog>;
}
