import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict, notFound } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { EntityStore } from '../database/entity-store';
import { DomainEvents } from '../events/domain-events';
import { isMissingParentViolation, isUniqueViolation } from '../database/db-errors';
import {
  AddGroupMemberDto,
  CreateProtectionGroupDto,
  GroupMemberResponse,
  ProtectionGroupResponse,
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

  async list(page: Page): Promise<{ items: ProtectionGroupResponse[]; total: number }> {
    const { items, total } = await this.groups.page({ order: { priority: 'ASC', name: 'ASC' } }, page);
    const counts = await this.memberCounts(items.map((g) => g.id));
    return { items: items.map((g) => ({ ...g, member_count: counts.get(g.id) ?? 0 })), total };
  }

  async get(id: string): Promise<ProtectionGroupResponse> {
    const group = await this.groups.get(id);
    const counts = await this.memberCounts([id]);
    return { ...group, member_count: counts.get(id) ?? 0 };
  }

  async create(dto: CreateProtectionGroupDto, actor: string): Promise<ProtectionGroupResponse> {
    const group = this.groups.repository.create({ ...dto, created_by: actor });
    const saved = await this.groups.save(group, this.duplicateName(dto.name));
    return { ...saved, member_count: 0 };
  }

  async update(id: string, dto: UpdateProtectionGroupDto): Promise<ProtectionGroupResponse> {
    const group = await this.groups.get(id);
    applyPatch(group, dto);
    await this.groups.save(group, this.duplicateName(group.name));
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const group = await this.groups.get(id);
    await this.events.emit('catalog.deleting', { kind: 'group', id });
    await this.groups.remove(group, `Protection group ${id} is still in use`);
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

  /** Member counts for many groups in one query. */
  private async memberCounts(groupIds: string[]): Promise<Map<string, number>> {
    if (groupIds.length === 0) return new Map();
    const rows = await this.memberships
      .createQueryBuilder('m')
      .select('m.group_id', 'group_id')
      .addSelect('COUNT(*)', 'count')
      .where('m.group_id IN (:...groupIds)', { groupIds })
      .groupBy('m.group_id')
      .getRawMany<{ group_id: string; count: string | number }>();
    return new Map(rows.map((r) => [r.group_id, Number(r.count)]));
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
