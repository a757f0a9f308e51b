import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CrudRepository } from '../database/crud.repository';
import { BackupRepositoryEntity } from './backup-repository.entity';

/** The rows of backup_repositories (a "repository" of backups, stored through a TypeORM repository). */
@Injectable()
export class BackupRepositoryRepository extends CrudRepository<BackupRepositoryEntity> {
  constructor(@InjectRepository(BackupRepositoryEntity) orm: Repository<BackupRepositoryEntity>) {
    super(orm, 'Repository', 'id');
  }

  /** The repository holding this external id, if any. */
  byExternalId(externalId: string): Promise<BackupRepositoryEntity | null> {
    return this.orm.findOneBy({ external_id: externalId });
  }
}
