import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { unprocessable } from '../common/api-error';
import { BackupPolicyEntity } from './backup-policy.entity';
import { CreatePolicyDto, UpdatePolicyDto } from './dto/policy.dto';
import { NamedRecordService } from './named-record.service';
import { RepositoriesService } from './repositories.service';

@Injectable()
export class PoliciesService extends NamedRecordService<BackupPolicyEntity, CreatePolicyDto, UpdatePolicyDto> {
  constructor(
    @InjectRepository(BackupPolicyEntity) repository: Repository<BackupPolicyEntity>,
    private readonly repositories: RepositoriesService,
  ) {
    super(repository, 'Policy');
  }

  /** Every copy rule must point at a repository that exists. */
  protected override async check(policy: BackupPolicyEntity): Promise<void> {
    const rules = policy.copy_rules ?? [];
    const known = await this.repositories.existingIds(rules.map((r) => r.destination_repository_id));
    const details = rules.flatMap((rule, i) =>
      known.has(rule.destination_repository_id)
        ? []
        : [{ field: `copy_rules.${i}.destination_repository_id`, problems: [`repository ${rule.destination_repository_id} does not exist`] }],
    );
    if (details.length > 0) throw unprocessable('A copy rule names a repository that does not exist', details);
  }
}
