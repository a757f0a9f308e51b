import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { VmGroupMembersResponse } from '../catalog/dto/protection-group.dto';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';

/** The backup system's GUI route for a group's members. */
@ApiTags('machine-groups')
@Controller('vm-groups')
export class VmGroupsController {
  constructor(private readonly groups: ProtectionGroupsService) {}

  /** The group's enabled members with their VM details, in the order a run takes them. */
  @Get(':group_id/members')
  @ApiErrors(404)
  async listVmGroupMembers(@Param('group_id') groupId: string): Promise<VmGroupMembersResponse> {
    const vms = await this.groups.enabledMembersWithVms(groupId);
    const members = vms.map((vm) => ({
      context_id: vm.context_id,
      vm_name: vm.vm_name,
      cpu_count: vm.cpu_count,
      memory_mb: vm.memory_mb,
      os_type: vm.os_type,
      power_state: vm.power_state,
    }));
    return { members, count: members.length };
  }
}
