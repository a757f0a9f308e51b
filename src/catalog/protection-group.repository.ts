import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { CrudRepository } from '../database/crud.repository';
import { ProtectionGroupEntity } from './protection-group.entity';

@Injectable()
export class ProtectionGroupRepository extends CrudRepository<ProtectionGroupEntity> {
  constructor(@InjectRepository(ProtectionGroupEntity) orm: Repository<ProtectionGroupEntity>) {
    super(orm, 'Protection group', 'id');
  }

  /** By priority, then name. */
  pageByPriority(page: Page): Promise<{ items: ProtectionGroupEntity[]; total: number }> {
    return this.page({ order: { priority: 'ASC', name: 'ASC' } }, page);
  }
}
