import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { CatalogSnapshot, ImportPlan, KindPlan, planImport } from './catalog-import.plan';
import { CatalogImportRepository, GROUP_TABLE, REPOSITORY_TABLE, VM_TABLE } from './catalog-import.repository';

type Kind = 'vm_contexts' | 'groups' | 'repositories';

/** Imported records the appliance no longer has that something in the engine still refers to (kept, marked missing). */
export interface StillReferenced {
  vm_contexts: Set<string>;
  groups: Set<string>;
  /** By external_id. */
  repositories: Set<string>;
}

/** What an import changed, per kind of record. */
export interface ImportCounts {
  added: Record<Kind | 'memberships', number>;
  updated: Record<Kind | 'memberships', number>;
  removed: Record<Kind | 'memberships', number>;
  missing: Record<Kind, number>;
  skipped: Array<{ kind: string; name: string; reason: string }>;
}

/**
 * Makes the engine's catalog match the appliance's (CATALOG_SOURCE=appliance): compare first
 * (`prepare`), then write only the difference, in one transaction (`apply`). Records the appliance
 * no longer has are deleted — or kept and marked missing when flows or history still refer to them.
 */
@Injectable()
export class CatalogImporter {
  constructor(
    private readonly imports: CatalogImportRepository,
    private readonly transactions: Transactions,
  ) {}

  /** The plan for this snapshot; its `gone` lists are what the caller checks for references. */
  async prepare(snapshot: CatalogSnapshot): Promise<ImportPlan> {
    return planImport(snapshot, await this.imports.current());
  }

  async apply(plan: ImportPlan, referenced: StillReferenced, now: Date): Promise<ImportCounts> {
    const skipped = [...plan.skipped];
    const vms = settle(plan.vms, referenced.vm_contexts, 'VM', skipped);
    const groups = settle(plan.groups, referenced.groups, 'protection group', skipped);
    const repositories = settle(plan.repositories, referenced.repositories, 'repository', skipped);
    // Members of a VM that could not be added wait for it too.
    const addedVms = new Set(vms.insert.map((v) => String(v.context_id)));
    const waiting = new Set(plan.vms.insert.map((v) => String(v.context_id)).filter((id) => !addedVms.has(id)));
    const memberships = { ...plan.memberships, insert: plan.memberships.insert.filter((m) => !waiting.has(m.vm_context_id)) };
    const settled = { vms, groups, repositories, memberships };
    if (writesOf(settled) === 0) return counts(settled, skipped);
    await this.transactions.run(async (manager) => {
      await this.imports.writeMemberships({ insert: [], update: [], remove: memberships.remove }, now, manager);
      await this.imports.retire(GROUP_TABLE, groups.remove, groups.keep, now, manager);
      await this.imports.retire(VM_TABLE, vms.remove, vms.keep, now, manager);
      await this.imports.retire(REPOSITORY_TABLE, repositories.remove, repositories.keep, now, manager);
      await this.imports.write(VM_TABLE, vms, now, manager);
      await this.imports.write(GROUP_TABLE, groups, now, manager);
      await this.imports.write(REPOSITORY_TABLE, repositories, now, manager);
      await this.imports.writeMemberships({ insert: memberships.insert, update: memberships.update, remove: [] }, now, manager);
    });
    return counts(settled, skipped);
  }
}

/** One kind's writes once references are known. */
interface SettledKind {
  insert: KindPlan['insert'];
  update: KindPlan['update'];
  remove: string[];
  keep: string[];
}

/**
 * Gone records: removed, or kept (missing) when something refers to them. A new record named like
 * one that is kept would break the name's uniqueness: it waits, said in `skipped`, until that one goes.
 */
function settle(plan: KindPlan, referenced: Set<string>, noun: string, skipped: ImportCounts['skipped']): SettledKind {
  const kept = plan.gone.filter((g) => referenced.has(g.key));
  const keptNames = new Set(kept.map((g) => g.name));
  const insert = plan.insert.filter((fields) => {
    const name = String(fields.vm_name ?? fields.name);
    if (!keptNames.has(name)) return true;
    skipped.push({ kind: noun, name, reason: `a ${noun} of that name is kept here, missing from the appliance, because flows or history refer to it` });
    return false;
  });
  return { insert, update: plan.update, remove: plan.gone.filter((g) => !referenced.has(g.key)).map((g) => g.key), keep: kept.map((g) => g.key) };
}

type Settled = { vms: SettledKind; groups: SettledKind; repositories: SettledKind; memberships: ImportPlan['memberships'] };

function writesOf({ vms, groups, repositories, memberships }: Settled): number {
  const kinds = [vms, groups, repositories].reduce((n, k) => n + k.insert.length + k.update.length + k.remove.length + k.keep.length, 0);
  return kinds + memberships.insert.length + memberships.update.length + memberships.remove.length;
}

function counts({ vms, groups, repositories, memberships }: Settled, skipped: ImportCounts['skipped']): ImportCounts {
  return {
    added: { vm_contexts: vms.insert.length, groups: groups.insert.length, repositories: repositories.insert.length, memberships: memberships.insert.length },
    updated: { vm_contexts: vms.update.length, groups: groups.update.length, repositories: repositories.update.length, memberships: memberships.update.length },
    removed: { vm_contexts: vms.remove.length, groups: groups.remove.length, repositories: repositories.remove.length, memberships: memberships.remove.length },
    missing: { vm_contexts: vms.keep.length, groups: groups.keep.length, repositories: repositories.keep.length },
    skipped,
  };
}
