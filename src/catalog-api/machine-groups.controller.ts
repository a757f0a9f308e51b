import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import {
  AddGroupMemberDto,
  CreateProtectionGroupDto,
  GroupMemberListResponse,
  GroupMemberResponse,
  ListGroupMembersQuery,
  ListProtectionGroupsQuery,
  UpdateGroupMemberDto,
  UpdateProtectionGroupDto,
} from '../catalog/dto/protection-group.dto';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { ProtectionGroupListResponse, ProtectionGroupResponse } from './dto/machine-group.dto';
import { GroupViews } from './group-views.service';

const actorHeader = ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Who makes the change (default: system)' });

/** Every /machine-groups route: protection groups in the backup system's shape (members by state, jobs in flight) and their members. */
@ApiTags('machine-groups')
@Controller('machine-groups')
export class MachineGroupsController {
  constructor(
    private readonly groups: ProtectionGroupsService,
    private readonly views: GroupViews,
  ) {}

  @Post()
  @actorHeader
  @ApiErrors(400, 409)
  async createMachineGroup(@Body() dto: CreateProtectionGroupDto, @Actor() actor: string): Promise<ProtectionGroupResponse> {
    return this.views.one(await this.groups.create(dto, actor));
  }

  @Get()
  @ApiErrors(400)
  async listMachineGroups(@Query() query: ListProtectionGroupsQuery): Promise<ProtectionGroupListResponse> {
    const { items, total } = await this.groups.list(pageOf(query));
    return { groups: await this.views.many(items), total_count: total, total };
  }

  @Get(':id')
  @ApiErrors(404)
  async getMachineGroup(@Param('id') id: string): Promise<ProtectionGroupResponse> {
    return this.views.one(await this.groups.get(id));
  }

  @Put(':id')
  @ApiErrors(400, 404, 409)
  async updateMachineGroup(@Param('id') id: string, @Body() dto: UpdateProtectionGroupDto): Promise<ProtectionGroupResponse> {
    return this.views.one(await this.groups.update(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(404, 409)
  deleteMachineGroup(@Param('id') id: string): Promise<void> {
    return this.groups.delete(id);
  }

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
