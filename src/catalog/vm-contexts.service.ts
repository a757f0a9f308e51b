import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict } from '../common/api-error';
import { containsText } from '../common/like';
import { Page } from '../common/pagination.dto';
import { EntityStore } from '../database/entity-store';
import { DomainEvents } from '../events/domain-events';
import { CreateVmContextDto, UpdateVmContextDto } from './dto/vm-context.dto';
import { VmContextEntity } from './vm-context.entity';
import { applyPatch } from '../common/patch';

@Injectable()
export class VmContextsService {
  private readonly store: EntityStore<VmContextEntity>;

  constructor(
    @InjectRepository(VmContextEntity) repository: Repository<VmContextEntity>,
    private readonly events: DomainEvents,
  ) {
    this.store = new EntityStore(repository, 'VM context', 'context_id');
  }

  list(search: string | undefined, page: Page): Promise<{ items: VmContextEntity[]; total: number }> {
    return this.store.page({ where: search ? { vm_name: containsText(search) } : {}, order: { vm_name: 'ASC' } }, page);
  }

  get(contextId: string): Promise<VmContextEntity> {
    return this.store.get(contextId);
  }

  /** Many VM contexts by id in one query; unknown ids are left out. */
  findMany(contextIds: string[]): Promise<VmContextEntity[]> {
    return this.store.findByKeys(contextIds);
  }

  exists(contextId: string): Promise<boolean> {
    return this.store.exists(contextId);
  }

  async create(dto: CreateVmContextDto): Promise<VmContextEntity> {
    // save() would silently update an existing row with the same primary key.
    if (dto.context_id && (await this.store.repository.existsBy({ context_id: dto.context_id }))) {
      throw conflict(`A VM context with id "${dto.context_id}" already exists`);
    }
    return this.store.save(this.store.repository.create({ ...dto }), this.duplicateName(dto.vm_name), 'vm_name');
  }

  async update(contextId: string, dto: UpdateVmContextDto): Promise<VmContextEntity> {
    const entity = await this.store.get(contextId);
    applyPatch(entity, dto);
    return this.store.save(entity, this.duplicateName(entity.vm_name), 'vm_name');
  }

  async delete(contextId: string): Promise<void> {
    const vm = await this.store.get(contextId);
    await this.events.emit('catalog.deleting', { kind: 'vm', id: contextId, name: vm.vm_name, detach: false, actor: 'system' });
    await this.store.remove(vm, `VM "${vm.vm_name}" is still in use`);
  }

  private duplicateName(vmName: string): string {
    return `A VM context named "${vmName}" already exists`;
  }
}
