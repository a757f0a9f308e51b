import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { containsText } from '../common/like';
import { Page } from '../common/pagination.dto';
import { CrudRepository } from '../database/crud.repository';
import { VmContextEntity } from './vm-context.entity';

@Injectable()
export class VmContextRepository extends CrudRepository<VmContextEntity> {
  constructor(@InjectRepository(VmContextEntity) orm: Repository<VmContextEntity>) {
    super(orm, 'VM context', 'context_id');
  }

  /** By name; `search` matches part of the name. */
  pageByName(search: string | undefined, page: Page): Promise<{ items: VmContextEntity[]; total: number }> {
    return this.page({ where: search ? { vm_name: containsText(search) } : {}, order: { vm_name: 'ASC' } }, page);
  }
}
