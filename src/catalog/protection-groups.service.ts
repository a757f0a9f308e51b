import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.dto';
import { applyPatch } from '../common/patch';
import { DeletionChecks } from '../events/deletion-checks';
import {
  AddGroupMemberDto,
  CreateProtectionGroupDto,
  GroupMemberCounts,
  GroupMemberResponse,
  UpdateGroupMemberDto,
  UpdateProtectionGroupDto,
} from './dto/protection-group.dto';
import { GroupMembershipEntity } from './group-membership.entity';
import { GroupMembershipRepository } from './group-membership.repository';
import { ProtectionGroupEntity } from './protection-group.entity';
import { ProtectionGroupRepository } from './protection-group.repository';
import { refuseIfImported } from './record-source';
import { VmContextEntity } from './vm-context.entity';

/** Protection groups ("machine groups" in the backup product's GUI) and their VM memberships. */
@Injectable()
export class ProtectionGroupsService {
  constructor(
    private readonly groups: ProtectionGroupRepository,
    private readonly memberships: GroupMembershipRepository,
    private readonly deletionChecks: DeletionChecks,
  ) {}

  list(page: Page): Promise<{ items: ProtectionGroupEntity[]; total: number }> {
    return this.groups.pageByPriority(page);
  }

  get(id: string): Promise<ProtectionGroupEntity> {
    return this.groups.get(id);
  }

  create(dto: CreateProtectionGroupDto, actor: string): Promise<ProtectionGroupEntity> {
    return this.groups.save(this.groups.create({ ...dto, created_by: actor }), this.duplicateName(dto.name));
  }

  async update(id: string, dto: UpdateProtectionGroupDto): Promise<ProtectionGroupEntity> {
    const group = await this.groups.get(id);
    refuseIfImported(group, `Protection group "${group.name}"`);
    applyPatch(group, dto);
    return this.groups.save(group, this.duplicateName(group.name));
  }

  async delete(id: string): Promise<void> {
    const group = await this.groups.get(id);
    refuseIfImported(group, `Protection group "${group.name}"`);
    await this.deletionChecks.before('group', { id, name: group.name });
    await this.groups.remove(group, `Protection group "${group.name}" is still in use`);
  }

  /** Many groups by id in one query; unknown ids are left out. */
  findMany(ids: string[]): Promise<ProtectionGroupEntity[]> {
    return this.groups.findByKeys(ids);
  }

  exists(id: string): Promise<boolean> {
    return this.groups.exists(id);
  }

  /** The VMs a run of this group backs up: enabled members, by member priority then VM name. */
  async enabledMembers(groupId: string): Promise<Array<{ context_id: string; vm_name: string }>> {
    return (await this.memberships.enabledWithVms(groupId)).map((vm) => ({ context_id: vm.context_id, vm_name: vm.vm_name }));
  }

  /** How many enabled members the group has (what a run would back up), in one query. */
  countEnabledMembers(groupId: string): Promise<number> {
    return this.memberships.countEnabled(groupId);
  }

  /** The enabled members with their VM, in dispatch order (404 for an unknown group). */
  async enabledMembersWithVms(groupId: string): Promise<VmContextEntity[]> {
    await this.groups.get(groupId);
    return this.memberships.enabledWithVms(groupId);
  }

  /** Member VM ids of each group, in one query. */
  memberIds(groupIds: string[]): Promise<Map<string, string[]>> {
    return this.memberships.memberIds(groupIds);
  }

  /** Members with VM details, ordered as a run would take them: priority, then VM name. */
  async listMembers(groupId: string, page: Page): Promise<{ items: GroupMemberResponse[]; total: number }> {
    await this.groups.get(groupId);
    const { items, total } = await this.memberships.pageWithVms(groupId, page);
    return { items: items.map(toMemberResponse), total };
  }

  async addMember(groupId: string, dto: AddGroupMemberDto, actor: string): Promise<GroupMemberResponse> {
    await this.writableGroup(groupId);
    await this.memberships.add({ ...dto, group_id: groupId, added_by: actor });
    return toMemberResponse(await this.memberships.getWithVm(groupId, dto.vm_context_id));
  }

  async updateMember(groupId: string, vmContextId: string, dto: UpdateGroupMemberDto): Promise<GroupMemberResponse> {
    await this.writableGroup(groupId);
    const membership = await this.memberships.get(groupId, vmContextId);
    applyPatch(membership, dto);
    await this.memberships.save(membership);
    return toMemberResponse(await this.memberships.getWithVm(groupId, vmContextId));
  }

  async removeMember(groupId: string, vmContextId: string): Promise<void> {
    await this.writableGroup(groupId);
    await this.memberships.remove(await this.memberships.get(groupId, vmContextId));
  }

  /** Members by state for many groups, in one query. */
  memberCounts(groupIds: string[]): Promise<Map<string, GroupMemberCounts>> {
    return this.memberships.countsByState(groupIds);
  }

  /** The group, when this engine may change its members (the appliance's groups are changed there). */
  private async writableGroup(id: string): Promise<ProtectionGroupEntity> {
    const group = await this.groups.get(id);
    refuseIfImported(group, `Protection group "${group.name}"`);
    return group;
  }

  private duplicateName(name: string): string {
    return `A protection group named "${name}" already exists`;
  }
}

function toMemberResponse(m: GroupMembershipEntity): GroupMemberResponse {
  const vm = m.vm_context as VmContextEntity;
  return {
    id: m.id,
    group_id: m.group_id,
    vm_context_id: m.vm_context_id,
    enabled: m.enabled,
    priority: m.priority,
    added_at: m.added_at,
    added_by: m.added_by,
    vm_name: vm.vm_name,
    vmware_vm_id: vm.vmware_vm_id,
    vcenter_host: vm.vcenter_host,
    datacenter: vm.datacenter,
    cpu_count: vm.cpu_count,
    memory_mb: vm.memory_mb,
    os_type: vm.os_type,
    power_state: vm.power_state,
  };
}
