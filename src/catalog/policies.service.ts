import { Injectable } from '@nestjs/common';
import { unprocessable } from '../common/api-error';
import { BackupPolicyEntity } from './backup-policy.entity';
import { CreatePolicyDto, UpdatePolicyDto } from './dto/policy.dto';
import { DeletionChecks } from '../events/deletion-checks';
import { DeleteOptions, NamedRecordService } from './named-record.service';
import { PolicyRepository } from './policy.repository';
import { RepositoriesService } from './repositories.service';

@Injectable()
export class PoliciesService extends NamedRecordService<BackupPolicyEntity, CreatePolicyDto, UpdatePolicyDto> {
  constructor(
    policies: PolicyRepository,
    private readonly repositories: RepositoriesService,
    private readonly deletionChecks: DeletionChecks,
  ) {
    super(policies, 'Policy');
  }

  /** Flows using the policy refuse its deletion (409 naming them), or with detach let go of it first. */
  protected override async beforeDelete(policy: BackupPolicyEntity, { detach, actor }: DeleteOptions): Promise<void> {
    await this.deletionChecks.before('policy', { id: String(policy.id), name: policy.name, detach, actor });
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
