import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CrudRepository } from '../database/crud.repository';
import { BackupPolicyEntity } from './backup-policy.entity';

@Injectable()
export class PolicyRepository extends CrudRepository<BackupPolicyEntity> {
  constructor(@InjectRepository(BackupPolicyEntity) orm: Repository<BackupPolicyEntity>) {
    super(orm, 'Policy', 'id');
  }

  /** Every policy (there are few), by name. */
  all(): Promise<BackupPolicyEntity[]> {
    return this.orm.find({ order: { name: 'ASC' } });
  }
}
