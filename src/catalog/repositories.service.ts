import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BackupRepositoryEntity } from './backup-repository.entity';
import { CreateRepositoryDto, UpdateRepositoryDto } from './dto/repository.dto';
import { NamedRecordService } from './named-record.service';

@Injectable()
export class RepositoriesService extends NamedRecordService<BackupRepositoryEntity, CreateRepositoryDto, UpdateRepositoryDto> {
  constructor(@InjectRepository(BackupRepositoryEntity) repository: Repository<BackupRepositoryEntity>) {
    super(repository, 'Repository');
  }

  /** Which of the given ids exist. */
  async existingIds(ids: number[]): Promise<Set<number>> {
    return new Set((await this.findMany(ids)).map((r) => r.id));
  }
}
