import { Injectable } from '@nestjs/common';
import { ProtectionGroupEntity } from '../catalog/protection-group.entity';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { JobActivity } from '../executions/job-activity.service';
import { ProtectionGroupResponse } from './dto/machine-group.dto';
import { RecordOrigins } from './record-origins.service';

/** Groups with their members by state (catalog) and their VMs in flight (executions): three queries for a page. */
@Injectable()
export class GroupViews {
  constructor(
    private readonly groups: ProtectionGroupsService,
    private readonly jobs: JobActivity,
    private readonly origins: RecordOrigins,
  ) {}

  async one(group: ProtectionGroupEntity): Promise<ProtectionGroupResponse> {
    return (await this.many([group]))[0];
  }

  async many(groups: ProtectionGroupEntity[]): Promise<ProtectionGroupResponse[]> {
    const ids = groups.map((g) => g.id);
    const [counts, members] = await Promise.all([this.groups.memberCounts(ids), this.groups.memberIds(ids)]);
    const inFlight = await this.jobs.vmsInFlight([...new Set([...members.values()].flat())]);
    return (await this.origins.of(groups)).map((group) => ({
      ...group,
      ...(counts.get(group.id) ?? { total_vms: 0, enabled_vms: 0, disabled_vms: 0 }),
      active_jobs: (members.get(group.id) ?? []).filter((vm) => inFlight.has(vm)).length,
    }));
  }
}
