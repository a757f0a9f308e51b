import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict } from '../common/api-error';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { CreateRepositoryDto, UpdateRepositoryDto } from './dto/repository.dto';
import { NamedRecordService } from './named-record.service';

@Injectable()
export class RepositoriesService extends NamedRecordService<BackupRepositoryEntity, CreateRepositoryDto, UpdateRepositoryDto> {
  constructor(@InjectRepository(BackupRepositoryEntity) repository: Repository<BackupRepositoryEntity>) {
    super(repository, 'Repository');
  }

  /** An external id names one repository only (the backup system's ids are unique too). */
  protected override async check(repository: BackupRepositoryEntity): Promise<void> {
    if (!repository.external_id) return;
    const holder = await this.store.repository.findOneBy({ external_id: repository.external_id });
    if (holder && holder.id !== repository.id) {
      const sentence = `Repository "${holder.name}" already has external_id "${repository.external_id}"`;
      throw conflict(sentence, [{ field: 'external_id', problems: [sentence] }]);
    }
  }

  /** Which of the given ids exist. */
  async existingIds(ids: number[]): Promise<Set<number>> {
    return new Set((await this.findMany(ids)).map((r) => r.id));
  }
}
