import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.dto';
import { timestampFromRow } from '../database/dialect';
import { placeholders, RawSql } from '../database/raw-sql';
import { Condition, containing, whereClause } from '../database/sql-conditions';
import { VmContextEntity } from '../catalog/vm-context.entity';

export type Protection = 'protected' | 'unprotected' | 'stale';

/** A flow covering a VM: an enabled backup flow targeting it, or a group it is an enabled member of. */
export interface CoveringFlow {
  vm_context_id: string;
  id: string;
  name: string;
  schedule_id: string | null;
  created_at: Date;
}

/** Per schedule: backups older than this are stale (see allowedBackupAgeMs). */
export type StaleBefore = Map<string, Date>;

const COVERS = `f.enabled = 1 AND f.flow_type = 'backup' AND ((f.target_type = 'vm' AND f.target_id = v.context_id)
  OR (f.target_type = 'group' AND f.target_id IN (SELECT m.group_id FROM protection_group_memberships m WHERE m.vm_context_id = v.context_id AND m.enabled = 1)))`;
const LAST_BACKUP = `(SELECT MAX(j.completed_at) FROM protection_flow_execution_jobs j WHERE j.status = 'completed' AND j.vm_context_id = v.context_id)`;

/**
 * Which VMs the flows protect, and when each was last backed up: a read model over the catalog,
 * flows and jobs tables (reads only). The `stale` rule is the same in SQL (filter) and in CoverageOf.
 */
@Injectable()
export class VmCoverageRepository {
  constructor(private readonly sql: RawSql) {}

  /** VMs by name in one protection state (and matching the search). */
  async page(search: string | undefined, protection: Protection, staleBefore: StaleBefore, page: Page): Promise<{ items: VmContextEntity[]; total: number }> {
    const conditions: Condition[] = [protectionCondition(protection, staleBefore)];
    if (search) conditions.push(containing('v.vm_name', search));
    const where = whereClause(conditions);
    const [rows, [count]] = await Promise.all([
      this.sql.select(`SELECT v.* FROM vm_contexts v${where.sql} ORDER BY v.vm_name, v.context_id LIMIT ? OFFSET ?`, [
        ...where.params,
        page.limit,
        page.offset,
      ]),
      this.sql.select(`SELECT COUNT(*) AS n FROM vm_contexts v${where.sql}`, where.params),
    ]);
    return { items: rows.map((row) => this.sql.hydrate(VmContextEntity, row)), total: Number(count?.n ?? 0) };
  }

  /** The flows covering each of these VMs. */
  async coveringFlows(vmIds: string[]): Promise<CoveringFlow[]> {
    if (vmIds.length === 0) return [];
    const rows = await this.sql.select(
      `SELECT v.context_id AS vm_context_id, f.id, f.name, f.schedule_id, f.created_at FROM vm_contexts v JOIN protection_flows f ON ${COVERS}
       WHERE v.context_id IN (${placeholders(vmIds.length)}) ORDER BY f.name`,
      vmIds,
    );
    return rows.map((row) => ({
      vm_context_id: String(row.vm_context_id),
      id: String(row.id),
      name: String(row.name),
      schedule_id: typeof row.schedule_id === 'string' ? row.schedule_id : null,
      created_at: timestampFromRow(row.created_at) ?? new Date(0),
    }));
  }

  /** Each VM's last successful backup (VMs never backed up are left out). */
  async lastBackups(vmIds: string[]): Promise<Map<string, Date>> {
    if (vmIds.length === 0) return new Map();
    const rows = await this.sql.select(
      `SELECT vm_context_id, MAX(completed_at) AS at FROM protection_flow_execution_jobs
       WHERE status = 'completed' AND vm_context_id IN (${placeholders(vmIds.length)}) GROUP BY vm_context_id`,
      vmIds,
    );
    const found = rows.map((row): [string, Date | null] => [String(row.vm_context_id), timestampFromRow(row.at)]);
    return new Map(found.filter((entry): entry is [string, Date] => entry[1] !== null));
  }
}

function protectionCondition(protection: Protection, staleBefore: StaleBefore): Condition {
  const entries = [...staleBefore.entries()];
  const threshold = entries.length ? `CASE f.schedule_id ${entries.map(() => 'WHEN ? THEN ?').join(' ')} ELSE NULL END` : 'NULL';
  const thresholdParams = entries.flatMap(([scheduleId, before]) => [scheduleId, before]);
  const stale: Condition = [
    `EXISTS (SELECT 1 FROM protection_flows f WHERE ${COVERS} AND COALESCE(${LAST_BACKUP}, f.created_at) < ${threshold})`,
    ...thresholdParams,
  ];
  if (protection === 'unprotected') return [`NOT EXISTS (SELECT 1 FROM protection_flows f WHERE ${COVERS})`];
  if (protection === 'stale') return stale;
  return [`EXISTS (SELECT 1 FROM protection_flows f WHERE ${COVERS}) AND NOT ${stale[0]}`, ...stale.slice(1)];
}
