import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { isMissingParentViolation, isUniqueViolation } from '../database/db-errors';
import { DuplicateRecordError, RecordNotFoundError } from '../database/record-errors';
import { GroupMemberCounts } from './dto/protection-group.dto';
import { GroupMembershipEntity } from './group-membership.entity';
import { VmContextEntity } from './vm-context.entity';

/** Which VMs belong to which protection group, with their dispatch order and enabled state. */
@Injectable()
export class GroupMembershipRepository {
  constructor(@InjectRepository(GroupMembershipEntity) private readonly memberships: Repository<GroupMembershipEntity>) {}

  /** The enabled members with their VM, by member priority then VM name (the order a run takes them). */
  async enabledWithVms(groupId: string): Promise<VmContextEntity[]> {
    const rows = await this.withVms()
      .where('m.group_id = :groupId AND m.enabled = :enabled', { groupId, enabled: true })
      .orderBy('m.priority', 'ASC')
      .addOrderBy('vm.vm_name', 'ASC')
      .getMany();
    return rows.map((m) => m.vm_context as VmContextEntity);
  }

  countEnabled(groupId: string): Promise<number> {
    return this.memberships.countBy({ group_id: groupId, enabled: true });
  }

  /** Member VM ids of each group, in one query. */
  async memberIds(groupIds: string[]): Promise<Map<string, string[]>> {
    const ids = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return ids;
    const rows = await this.memberships.find({ select: { group_id: true, vm_context_id: true }, where: { group_id: In(groupIds) } });
    for (const row of rows) ids.get(row.group_id)?.push(row.vm_context_id);
    return ids;
  }

  /** A page of the group's members with their VMs, in dispatch order. */
  async pageWithVms(groupId: string, page: Page): Promise<{ items: GroupMembershipEntity[]; total: number }> {
    const query = this.withVms().where('m.group_id = :groupId', { groupId });
    const [items, total] = await Promise.all([
      query.clone().orderBy('m.priority', 'ASC').addOrderBy('vm.vm_name', 'ASC').limit(page.limit).offset(page.offset).getMany(),
      query.getCount(),
    ]);
    return { items, total };
  }

  /** One membership with its VM, or RecordNotFoundError. */
  async getWithVm(groupId: string, vmContextId: string): Promise<GroupMembershipEntity> {
    const row = await this.withVms().where('m.group_id = :groupId AND m.vm_context_id = :vmContextId', { groupId, vmContextId }).getOne();
    if (!row) throw new RecordNotFoundError(`Member of group ${groupId}: VM context`, vmContextId);
    return row;
  }

  async get(groupId: string, vmContextId: string): Promise<GroupMembershipEntity> {
    const membership = await this.memberships.findOneBy({ group_id: groupId, vm_context_id: vmContextId });
    if (!membership) throw new RecordNotFoundError(`Member of group ${groupId}: VM context`, vmContextId);
    return membership;
  }

  /** Adds a member; the VM must exist and not be a member already. */
  async add(fields: Pick<GroupMembershipEntity, 'group_id' | 'vm_context_id' | 'added_by'> & Partial<GroupMembershipEntity>): Promise<void> {
    try {
      await this.memberships.insert(this.memberships.create(fields));
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DuplicateRecordError(`VM context ${fields.vm_context_id} is already a member of group ${fields.group_id}`, 'vm_context_id');
      if (isMissingParentViolation(err)) throw new RecordNotFoundError('VM context', fields.vm_context_id);
      throw err;
    }
  }

  save(membership: GroupMembershipEntity): Promise<GroupMembershipEntity> {
    return this.memberships.save(membership);
  }

  async remove(membership: GroupMembershipEntity): Promise<void> {
    await this.memberships.remove(membership);
  }

  /** Members by state for many groups, in one query. */
  async countsByState(groupIds: string[]): Promise<Map<string, GroupMemberCounts>> {
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

  private withVms() {
    return this.memberships.createQueryBuilder('m').innerJoinAndSelect('m.vm_context', 'vm');
  }
}
