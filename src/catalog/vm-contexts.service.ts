import { Injectable } from '@nestjs/common';
import { conflict } from '../common/api-error';
import { Page } from '../common/pagination.dto';
import { applyPatch } from '../common/patch';
import { DeletionChecks } from '../events/deletion-checks';
import { CreateVmContextDto, UpdateVmContextDto } from './dto/vm-context.dto';
import { VmContextEntity } from './vm-context.entity';
import { refuseIfImported } from './record-source';
import { VmContextRepository } from './vm-context.repository';

@Injectable()
export class VmContextsService {
  constructor(
    private readonly vms: VmContextRepository,
    private readonly deletionChecks: DeletionChecks,
  ) {}

  list(search: string | undefined, page: Page): Promise<{ items: VmContextEntity[]; total: number }> {
    return this.vms.pageByName(search, page);
  }

  get(contextId: string): Promise<VmContextEntity> {
    return this.vms.get(contextId);
  }

  /** Many VM contexts by id in one query; unknown ids are left out. */
  findMany(contextIds: string[]): Promise<VmContextEntity[]> {
    return this.vms.findByKeys(contextIds);
  }

  exists(contextId: string): Promise<boolean> {
    return this.vms.exists(contextId);
  }

  async create(dto: CreateVmContextDto): Promise<VmContextEntity> {
    // save() would silently update an existing row with the same primary key.
    if (dto.context_id && (await this.vms.exists(dto.context_id))) {
      throw conflict(`A VM context with id "${dto.context_id}" already exists`);
    }
    return this.vms.save(this.vms.create({ ...dto }), this.duplicateName(dto.vm_name), 'vm_name');
  }

  async update(contextId: string, dto: UpdateVmContextDto): Promise<VmContextEntity> {
    const entity = await this.vms.get(contextId);
    refuseIfImported(entity, `VM "${entity.vm_name}"`);
    applyPatch(entity, dto);
    return this.vms.save(entity, this.duplicateName(entity.vm_name), 'vm_name');
  }

  async delete(contextId: string): Promise<void> {
    const vm = await this.vms.get(contextId);
    refuseIfImported(vm, `VM "${vm.vm_name}"`);
    await this.deletionChecks.before('vm', { id: contextId, name: vm.vm_name });
    await this.vms.remove(vm, `VM "${vm.vm_name}" is still in use`);
  }

  private duplicateName(vmName: string): string {
    return `A VM context named "${vmName}" already exists`;
  }
}
