import { BackupRepositoryEntity, REPOSITORY_TYPES, RepositoryType } from './backup-repository.entity';
import { ProtectionGroupEntity } from './protection-group.entity';
import { VmContextEntity } from './vm-context.entity';

/** A VM as the appliance lists it: the VM context fields it provides (disks are not imported). */
export type SnapshotVm = Pick<
  VmContextEntity,
  'context_id' | 'vm_name' | 'vmware_vm_id' | 'vm_path' | 'vcenter_host' | 'datacenter' | 'cpu_count' | 'memory_mb' | 'os_type' | 'power_state'
>;

/** A machine group with its appliance id and every member, enabled or not. */
export type SnapshotGroup = Pick<ProtectionGroupEntity, 'id' | 'name' | 'description' | 'max_concurrent_vms' | 'priority'> & {
  members: Array<{ vm_context_id: string; enabled: boolean; priority: number }>;
};

/** A repository by the appliance's id; `type` as listed (a type the engine does not know is skipped). */
export type SnapshotRepository = Pick<BackupRepositoryEntity, 'name' | 'enabled' | 'is_immutable' | 'config' | 'min_retention_days'> & {
  external_id: string;
  type: string;
};

/** The appliance's whole catalog, read completely (a partial read never reaches the planner). */
export interface CatalogSnapshot {
  vms: SnapshotVm[];
  groups: SnapshotGroup[];
  repositories: SnapshotRepository[];
}

/** A record of the engine's catalog, as the planner compares it. */
export interface CurrentRecord {
  key: string;
  name: string;
  /** The engine's own id when it differs from the key (a repository's number; its key is the appliance's id). */
  rowId?: number;
  source: 'local' | 'appliance';
  missing: boolean;
  /** The fields the appliance sets, as stored. */
  fields: Record<string, unknown>;
}

export interface CurrentMembership {
  group_id: string;
  vm_context_id: string;
  enabled: boolean;
  priority: number;
}

export interface CurrentCatalog {
  vms: CurrentRecord[];
  groups: CurrentRecord[];
  /** Keyed by external_id (local repositories without one are never touched). */
  repositories: CurrentRecord[];
  /** Memberships of groups the appliance owns. */
  memberships: CurrentMembership[];
}

/** What to write for one kind of record: rows to add or change (fields by key), and imported rows the appliance no longer has. */
export interface KindPlan {
  insert: Array<Record<string, unknown>>;
  update: Array<{ key: string; fields: Record<string, unknown> }>;
  gone: Array<{ key: string; name: string; rowId?: number }>;
}

export interface ImportPlan {
  vms: KindPlan;
  groups: KindPlan;
  repositories: KindPlan;
  memberships: { insert: CurrentMembership[]; update: CurrentMembership[]; remove: Array<{ group_id: string; vm_context_id: string }> };
  skipped: Array<{ kind: string; name: string; reason: string }>;
}

const MAX_KEY = 64;
const MAX_NAME = 255;

/**
 * Compares the appliance's catalog with the engine's and says what to write: nothing when nothing
 * changed. Local records are never touched; an incoming record whose name a local one already has is
 * skipped, with why.
 */
export function planImport(snapshot: CatalogSnapshot, current: CurrentCatalog): ImportPlan {
  const skipped: ImportPlan['skipped'] = [];
  const vms = planKind(
    'VM',
    snapshot.vms.map((vm) => ({ key: vm.context_id, name: vm.vm_name, fields: { ...vm } })),
    current.vms,
    skipped,
  );
  const groups = planKind(
    'protection group',
    snapshot.groups.map(({ members: _members, ...group }) => ({ key: group.id, name: group.name, fields: { ...group } })),
    current.groups,
    skipped,
  );
  const repositories = planKind(
    'repository',
    snapshot.repositories.filter((r) => knownType(r, skipped)).map((r) => ({ key: r.external_id, name: r.name, fields: { ...r } })),
    current.repositories,
    skipped,
  );
  const gone = new Set(vms.gone.map((g) => g.key));
  const vmIds = new Set([...current.vms.map((v) => v.key).filter((key) => !gone.has(key)), ...vms.insert.map((v) => String(v.context_id))]);
  const importedGroups = new Set([...groups.insert.map((g) => String(g.id)), ...current.groups.filter((g) => g.source === 'appliance').map((g) => g.key)]);
  return { vms, groups, repositories, memberships: planMemberships(snapshot.groups, importedGroups, vmIds, current.memberships, skipped), skipped };
}

function planKind(
  noun: string,
  incoming: Array<{ key: string; name: string; fields: Record<string, unknown> }>,
  current: CurrentRecord[],
  skipped: ImportPlan['skipped'],
): KindPlan {
  const byKey = new Map(current.map((r) => [r.key, r]));
  const byName = new Map(current.map((r) => [r.name, r]));
  const plan: KindPlan = { insert: [], update: [], gone: [] };
  const incomingKeys = new Set(incoming.map((r) => r.key));
  const seen = new Set<string>();
  for (const record of incoming) {
    if (record.key.length > MAX_KEY || record.name.length === 0 || record.name.length > MAX_NAME) {
      skipped.push({ kind: noun, name: record.name, reason: `its id or name is longer than this engine keeps (${MAX_KEY} and ${MAX_NAME} characters)` });
      continue;
    }
    seen.add(record.key);
    const existing = byKey.get(record.key);
    const namesake = byName.get(record.name);
    // A local namesake stays the engine's; an imported one under another key is going away in this sync (the importer checks it really goes).
    if (namesake && namesake.key !== record.key && (namesake.source === 'local' || incomingKeys.has(namesake.key))) {
      skipped.push({ kind: noun, name: record.name, reason: `a ${noun} of that name already exists in this engine; rename or delete it there` });
      continue;
    }
    if (!existing) plan.insert.push(record.fields);
    else if (existing.source !== 'appliance' || existing.missing || differs(existing.fields, record.fields))
      plan.update.push({ key: record.key, fields: record.fields });
  }
  for (const record of current)
    if (record.source === 'appliance' && !record.missing && !seen.has(record.key)) plan.gone.push({ key: record.key, name: record.name, rowId: record.rowId });
  return plan;
}

function planMemberships(
  groups: SnapshotGroup[],
  imported: Set<string>,
  vmIds: Set<string>,
  current: CurrentMembership[],
  skipped: ImportPlan['skipped'],
): ImportPlan['memberships'] {
  const plan: ImportPlan['memberships'] = { insert: [], update: [], remove: [] };
  const existing = new Map(current.map((m) => [`${m.group_id}|${m.vm_context_id}`, m]));
  const wanted = new Set<string>();
  for (const group of groups) {
    if (!imported.has(group.id)) continue;
    for (const member of group.members) {
      if (!vmIds.has(member.vm_context_id)) {
        skipped.push({ kind: 'membership', name: `${group.name} / ${member.vm_context_id}`, reason: 'the appliance lists no VM with that context id' });
        continue;
      }
      const key = `${group.id}|${member.vm_context_id}`;
      if (wanted.has(key)) continue;
      wanted.add(key);
      const row = { group_id: group.id, ...member };
      const had = existing.get(key);
      if (!had) plan.insert.push(row);
      else if (had.enabled !== row.enabled || had.priority !== row.priority) plan.update.push(row);
    }
  }
  for (const [key, m] of existing) if (!wanted.has(key)) plan.remove.push({ group_id: m.group_id, vm_context_id: m.vm_context_id });
  return plan;
}

function knownType(repository: SnapshotRepository, skipped: ImportPlan['skipped']): boolean {
  if ((REPOSITORY_TYPES as readonly string[]).includes(repository.type)) return true;
  skipped.push({
    kind: 'repository',
    name: repository.name,
    reason: `its type "${repository.type}" is not one this engine knows (${REPOSITORY_TYPES.join(', ')})`,
  });
  return false;
}

/** True when any field the appliance sets is not as stored (JSON compared by value). */
function differs(stored: Record<string, unknown>, incoming: Record<string, unknown>): boolean {
  return Object.keys(incoming).some((key) => JSON.stringify(stored[key] ?? null) !== JSON.stringify(incoming[key] ?? null));
}

export type { RepositoryType };
