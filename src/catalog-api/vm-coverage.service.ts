import { Injectable } from '@nestjs/common';
import { allowedBackupAgeMs } from '../catalog/backup-freshness';
import { SchedulesService } from '../catalog/schedules.service';
import { VmContextEntity } from '../catalog/vm-context.entity';
import { Page } from '../common/pagination.dto';
import { VmCoverage } from './dto/vm-coverage.dto';
import { CoveringFlow, Protection, StaleBefore, VmCoverageRepository } from './vm-coverage.repository';

/**
 * Coverage: which enabled backup flows protect each VM (directly or through a group it is an enabled
 * member of), when it was last backed up, and whether that backup is older than the flows' schedules
 * allow (stale; a VM never backed up is stale once a schedule has had that long to back it up).
 */
@Injectable()
export class VmCoverageService {
  constructor(
    private readonly coverage: VmCoverageRepository,
    private readonly schedules: SchedulesService,
  ) {}

  page(search: string | undefined, protection: Protection, page: Page, now = new Date()): Promise<{ items: VmContextEntity[]; total: number }> {
    return this.staleBefore(now).then((staleBefore) => this.coverage.page(search, protection, staleBefore, page));
  }

  /** Each VM's coverage, in the order given. */
  async of(vms: VmContextEntity[], now = new Date()): Promise<VmCoverage[]> {
    const ids = vms.map((vm) => vm.context_id);
    const [flows, lastBackups, staleBefore] = await Promise.all([this.coverage.coveringFlows(ids), this.coverage.lastBackups(ids), this.staleBefore(now)]);
    const byVm = new Map<string, CoveringFlow[]>();
    for (const flow of flows) byVm.set(flow.vm_context_id, [...(byVm.get(flow.vm_context_id) ?? []), flow]);
    return ids.map((id) => {
      const covering = byVm.get(id) ?? [];
      const last = lastBackups.get(id) ?? null;
      return {
        protection: protectionOf(covering, last, staleBefore),
        last_backup_at: last,
        protected_by: covering.map((flow) => ({ id: flow.id, name: flow.name })),
      };
    });
  }

  /** Per running schedule: the instant before which a VM's last backup is stale. */
  private async staleBefore(now: Date): Promise<StaleBefore> {
    const thresholds: StaleBefore = new Map();
    for (const schedule of await this.schedules.all()) {
      const allowed = allowedBackupAgeMs(schedule, now);
      if (allowed !== null) thresholds.set(schedule.id, new Date(now.getTime() - allowed));
    }
    return thresholds;
  }
}

/** The rule the SQL filter applies too: stale when some scheduled covering flow's allowance has run out. */
function protectionOf(covering: CoveringFlow[], lastBackup: Date | null, staleBefore: StaleBefore): Protection {
  if (covering.length === 0) return 'unprotected';
  const stale = covering.some((flow) => {
    const before = flow.schedule_id === null ? undefined : staleBefore.get(flow.schedule_id);
    return before !== undefined && (lastBackup ?? flow.created_at) < before;
  });
  return stale ? 'stale' : 'protected';
}
