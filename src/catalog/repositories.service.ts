import { Injectable } from '@nestjs/common';
import { conflict } from '../common/api-error';
import { DeletionChecks } from '../events/deletion-checks';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { BackupRepositoryRepository } from './backup-repository.repository';
import { CreateRepositoryDto, UpdateRepositoryDto } from './dto/repository.dto';
import { NamedRecordService } from './named-record.service';

@Injectable()
export class RepositoriesService extends NamedRecordService<BackupRepositoryEntity, CreateRepositoryDto, UpdateRepositoryDto> {
  constructor(
    private readonly repositories: BackupRepositoryRepository,
    private readonly deletionChecks: DeletionChecks,
  ) {
    super(repositories, 'Repository');
  }

  /** Flows backing up into it and policies copying into it refuse its deletion (409 naming them). */
  protected override async beforeDelete(repository: BackupRepositoryEntity): Promise<void> {
    await this.deletionChecks.before('repository', { id: repository.id, name: repository.name });
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
