import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { AddGroupMemberDto, GroupMemberListResponse, GroupMemberResponse, ListGroupMembersQuery, UpdateGroupMemberDto } from './dto/protection-group.dto';
import { ProtectionGroupsService } from './protection-groups.service';

const actorHeader = ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Who makes the change (default: system)' });

/** A group's members. (The groups themselves are served by the overview module: their counts include jobs in flight.) */
@ApiTags('machine-groups')
@Controller('machine-groups')
export class ProtectionGroupsController {
  constructor(private readonly groups: ProtectionGroupsService) {}

  @Get(':id/vms')
  @ApiErrors(400, 404)
  async listMachineGroupVms(@Param('id') id: string, @Query() query: ListGroupMembersQuery): Promise<GroupMemberListResponse> {
    const { items, total } = await this.groups.listMembers(id, pageOf(query));
    return { vms: items, total };
  }

  @Post(':id/vms')
  @actorHeader
  @ApiErrors(400, 404, 409)
  addMachineGroupVm(@Param('id') id: string, @Body() dto: AddGroupMemberDto, @Actor() actor: string): Promise<GroupMemberResponse> {
    return this.groups.addMember(id, dto, actor);
  }

  @Patch(':id/vms/:vm_context_id')
  @ApiErrors(400, 404)
  updateMachineGroupVm(@Param('id') id: string, @Param('vm_context_id') vmContextId: string, @Body() dto: UpdateGroupMemberDto): Promise<GroupMemberResponse> {
    return this.groups.updateMember(id, vmContextId, dto);
  }

  @Delete(':id/vms/:vm_context_id')
  @HttpCode(204)
  @ApiErrors(404)
  removeMachineGroupVm(@Param('id') id: string, @Param('vm_context_id') vmContextId: string): Promise<void> {
    return this.groups.removeMember(id, vmContextId);
  }
}
