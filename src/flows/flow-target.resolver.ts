import { Injectable } from '@nestjs/common';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { ProtectionFlowEntity } from './protection-flow.entity';

export interface TargetVm {
  context_id: string;
  vm_name: string;
}

export interface ResolvedTarget {
  /** The VMs a run backs up, in the order it takes them. */
  vms: TargetVm[];
  /** How many of them may be backed up at once (a VM flow: 1), across every run sharing `limitKey`. */
  maxConcurrent: number;
  /** The group's (or the VM's) key: runs on the same target share its limit. */
  limitKey: string;
  /** Why the target cannot be resolved (it was deleted), when it cannot. */
  problem?: string;
}

/** Turns a flow's target into VMs: a VM, or a group's enabled members by member priority, then name. */
@Injectable()
export class FlowTargetResolver {
  constructor(
    private readonly vmContexts: VmContextsService,
    private readonly groups: ProtectionGroupsService,
  ) {}

  async resolve(flow: Pick<ProtectionFlowEntity, 'target_type' | 'target_id'>): Promise<ResolvedTarget> {
    if (flow.target_type === 'vm') {
      const [vm] = await this.vmContexts.findMany([flow.target_id]);
      const limitKey = `vm:${flow.target_id}`;
      return vm
        ? { vms: [{ context_id: vm.context_id, vm_name: vm.vm_name }], maxConcurrent: 1, limitKey }
        : { vms: [], maxConcurrent: 1, limitKey, problem: `The flow's VM was deleted (VM context ${flow.target_id}); give the flow another target` };
    }
    const limitKey = `group:${flow.target_id}`;
    const [group] = await this.groups.findMany([flow.target_id]);
    if (!group)
      return {
        vms: [],
        maxConcurrent: 1,
        limitKey,
        problem: `The flow's protection group was deleted (group ${flow.target_id}); give the flow another target`,
      };
    return { vms: await this.groups.enabledMembers(group.id), maxConcurrent: Math.max(1, group.max_concurrent_vms), limitKey };
  }
}
