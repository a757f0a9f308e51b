import { Injectable } from '@nestjs/common';
import { conflict } from '../common/api-error';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupRepositoryRepository } from './backup-repository.repository';
import { CreateRepositoryDto, UpdateRepositoryDto } from './dto/repository.dto';
import { NamedRecordService } from './named-record.service';

@Injectable()
export class RepositoriesService extends NamedRecordService<BackupRepositoryEntity, CreateRepositoryDto, UpdateRepositoryDto> {
  constructor(private readonly repositories: BackupRepositoryRepository) {
    super(repositories, 'Repository');
  }

  /** An external id names one repository only (the backup system's ids are unique too). */
  protected override async check(repository: BackupRepositoryEntity): Promise<void> {
    if (!repository.external_id) return;
    const holder = await this.repositories.byExternalId(repository.external_id);
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
