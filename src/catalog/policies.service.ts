import { Injectable } from '@nestjs/common';
import { inUseBy, namesForSentence, unprocessable } from '../common/api-error';
import { BackupPolicyEntity } from './backup-policy.entity';
import { CreatePolicyDto, UpdatePolicyDto } from './dto/policy.dto';
import { DeletionCheck, DeletionCheckMap, DeletionChecks } from '../events/deletion-checks';
import { DeleteOptions, NamedRecordService } from './named-record.service';
import { PolicyRepository } from './policy.repository';
import { RepositoriesService } from './repositories.service';

@Injectable()
export class PoliciesService extends NamedRecordService<BackupPolicyEntity, CreatePolicyDto, UpdatePolicyDto> {
  constructor(
    private readonly policies: PolicyRepository,
    private readonly repositories: RepositoriesService,
    private readonly deletionChecks: DeletionChecks,
  ) {
    super(policies, 'Policy');
  }

  /** Flows using the policy refuse its deletion (409 naming them), or with detach let go of it first. */
  protected override async beforeDelete(policy: BackupPolicyEntity, { detach, actor }: DeleteOptions): Promise<void> {
    await this.deletionChecks.before('policy', { id: String(policy.id), name: policy.name, detach, actor });
  }

  /** A repository a policy copies into cannot go (409 naming the policies). */
  @DeletionCheck('repository')
  async beforeRepositoryDelete({ id, name }: DeletionCheckMap['repository']): Promise<void> {
    const users = (await this.policies.all()).filter((policy) => (policy.copy_rules ?? []).some((rule) => rule.destination_repository_id === id));
    if (users.length === 0) return;
    const refs = users.map((policy) => ({ kind: 'policy', id: String(policy.id), name: policy.name }));
    throw inUseBy(
      `Repository "${name}" is the copy destination of ${users.length === 1 ? 'policy' : `${users.length} policies`} ${namesForSentence(users.map((p) => p.name))}; change ${users.length === 1 ? 'its' : 'their'} copy rules first`,
      'policies',
      refs,
    );
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
