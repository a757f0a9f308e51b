import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { conflict, notFound } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { EntityStore } from '../database/entity-store';
import { DomainEvents } from '../events/domain-events';
import { isMissingParentViolation, isUniqueViolation } from '../database/db-errors';
import {
  AddGroupMemberDto,
  CreateProtectionGroupDto,
  GroupMemberCounts,
  GroupMemberResponse,
  UpdateGroupMemberDto,
  UpdateProtectionGroupDto,
} from './dto/protection-group.dto';
import { GroupMembershipEntity } from './group-membership.entity';
import { ProtectionGroupEntity } from './protection-group.entity';
import { VmContextEntity } from './vm-context.entity';
import { applyPatch } from '../common/patch';

/** Protection groups ("machine groups" in the backup product's GUI) and their VM memberships. */
@Injectable()
export class ProtectionGroupsService {
  private readonly groups: EntityStore<ProtectionGroupEntity>;

  constructor(
    @InjectRepository(ProtectionGroupEntity) groups: Repository<ProtectionGroupEntity>,
    @InjectRepository(GroupMembershipEntity) private readonly memberships: Repository<GroupMembershipEntity>,
    private readonly events: DomainEvents,
  ) {
    this.groups = new EntityStore(groups, 'Protection group', 'id');
  }

  list(page: Page): Promise<{ items: ProtectionGroupEntity[]; total: number }> {
    return this.groups.page({ order: { priority: 'ASC', name: 'ASC' } }, page);
  }

  get(id: string): Promise<ProtectionGroupEntity> {
    return this.groups.get(id);
  }

  create(dto: CreateProtectionGroupDto, actor: string): Promise<ProtectionGroupEntity> {
    return this.groups.save(this.groups.repository.create({ ...dto, created_by: actor }), this.duplicateName(dto.name));
  }

  async update(id: string, dto: UpdateProtectionGroupDto): Promise<ProtectionGroupEntity> {
    const group = await this.groups.get(id);
    applyPatch(group, dto);
    return this.groups.save(group, this.duplicateName(group.name));
  }

  async delete(id: string): Promise<void> {
    const group = await this.groups.get(id);
    await this.events.emit('catalog.deleting', { kind: 'group', id, name: group.name, detach: false, actor: 'system' });
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
    const rows = await this.memberQuery()
      .where('m.group_id = :groupId AND m.enabled = :enabled', { groupId, enabled: true })
      .orderBy('m.priority', 'ASC')
      .addOrderBy('vm.vm_name', 'ASC')
      .getMany();
    return rows.map((m) => ({ context_id: m.vm_context_id, vm_name: (m.vm_context as VmContextEntity).vm_name }));
  }

  /** How many enabled members the group has (what a run would back up), in one query. */
  countEnabledMembers(groupId: string): Promise<number> {
    return this.memberships.countBy({ group_id: groupId, enabled: true });
  }

  /** The enabled members with their VM, in dispatch order (404 for an unknown group). */
  async enabledMembersWithVms(groupId: string): Promise<VmContextEntity[]> {
    await this.groups.get(groupId);
    const rows = await this.memberQuery()
      .where('m.group_id = :groupId AND m.enabled = :enabled', { groupId, enabled: true })
      .orderBy('m.priority', 'ASC')
      .addOrderBy('vm.vm_name', 'ASC')
      .getMany();
    return rows.map((m) => m.vm_context as VmContextEntity);
  }

  /** Member VM ids of each group, in one query. */
  async memberIds(groupIds: string[]): Promise<Map<string, string[]>> {
    const ids = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return ids;
    const rows = await this.memberships.find({ select: { group_id: true, vm_context_id: true }, where: { group_id: In(groupIds) } });
    for (const row of rows) ids.get(row.group_id)?.push(row.vm_context_id);
    return ids;
  }

  /** Members with VM details, ordered as a run would take them: priority, then VM name. */
  async listMembers(groupId: string, page: Page): Promise<{ items: GroupMemberResponse[]; total: number }> {
    await this.groups.get(groupId);
    const query = this.memberQuery().where('m.group_id = :groupId', { groupId });
    const [rows, total] = await Promise.all([
      query.clone().orderBy('m.priority', 'ASC').addOrderBy('vm.vm_name', 'ASC').limit(page.limit).offset(page.offset).getMany(),
      query.getCount(),
    ]);
    return { items: rows.map(toMemberResponse), total };
  }

  async addMember(groupId: string, dto: AddGroupMemberDto, actor: string): Promise<GroupMemberResponse> {
    await this.groups.get(groupId);
    const membership = this.memberships.create({ ...dto, group_id: groupId, added_by: actor });
    try {
      await this.memberships.insert(membership);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`VM context ${dto.vm_context_id} is already a member of group ${groupId}`);
      if (isMissingParentViolation(err)) throw notFound('VM context', dto.vm_context_id);
      throw err;
    }
    return this.getMember(groupId, dto.vm_context_id);
  }

  async updateMember(groupId: string, vmContextId: string, dto: UpdateGroupMemberDto): Promise<GroupMemberResponse> {
    const membership = await this.findMembership(groupId, vmContextId);
    applyPatch(membership, dto);
    await this.memberships.save(membership);
    return this.getMember(groupId, vmContextId);
  }

  async removeMember(groupId: string, vmContextId: string): Promise<void> {
    await this.memberships.remove(await this.findMembership(groupId, vmContextId));
  }

  private async getMember(groupId: string, vmContextId: string): Promise<GroupMemberResponse> {
    const row = await this.memberQuery().where('m.group_id = :groupId AND m.vm_context_id = :vmContextId', { groupId, vmContextId }).getOne();
    if (!row) throw notFound(`Member of group ${groupId}: VM context`, vmContextId);
    return toMemberResponse(row);
  }

  private async findMembership(groupId: string, vmContextId: string): Promise<GroupMembershipEntity> {
    await this.groups.get(groupId);
    const membership = await this.memberships.findOneBy({ group_id: groupId, vm_context_id: vmContextId });
    if (!membership) throw notFound(`Member of group ${groupId}: VM context`, vmContextId);
    return membership;
  }

  private memberQuery() {
    return this.memberships.createQueryBuilder('m').innerJoinAndSelect('m.vm_context', 'vm');
  }

  /** Members by state for many groups, in one query. */
  async memberCounts(groupIds: string[]): Promise<Map<string, GroupMemberCounts>> {
    const counts = new Map<string, GroupMemberCounts>(groupIds.map((id) => [id, { total_vms: 0, enabled_vms: 0, disabled_vms: 0 }]));
    if (groupIds.length === 0) return counts;
    const rows = await this.memberships
      .createQueryBuilder('m')
      .select('m.group_id', 'group_id')
      .addSelect('m.enabled', 'enabled')
      .addSelect('COUNT(*)', 'count')
      .where('m.group_id IN (:...groupIds)', { groupIds })
      .groupBy('m.group_id')
      .addGroupBy('m.enabled')
      .getRawMany<{ group_id: string; enabled: number | boolean | string; count: string | number }>();
    for (const row of rows) {
      const entry = counts.get(row.group_id);
      if (!entry) continue;
      const n = Number(row.count);
      entry.total_vms += n;
      if (row.enabled === true || Number(row.enabled) === 1) entry.enabled_vms += n;
      else entry.disabled_vms += n;
    }
    return counts;
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
