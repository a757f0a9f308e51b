import { Injectable, Logger } from '@nestjs/common';
import { BackupApi, BackupType, RepositoryRef } from '../backup-client/backup-api.port';
import { TargetVm } from '../flows/flow-target.resolver';
import { JobRepository } from './job.repository';
import { describeError } from '../common/describe-error';

/**
 * Full unless a completed full backup of the VM in the repository is known: from the engine's own
 * job history (one query per 200 VMs) or from the backup API's list of completed fulls in that
 * repository (one call). If the API cannot be asked, full is the safe answer.
 */
@Injectable()
export class BackupTypeAdvisor {
  private readonly logger = new Logger('BackupTypeAdvisor');

  constructor(
    private readonly jobs: JobRepository,
    private readonly api: BackupApi,
  ) {}

  async choose(repository: RepositoryRef | null, vms: TargetVm[]): Promise<Map<string, BackupType>> {
    const types = new Map<string, BackupType>(vms.map((vm) => [vm.context_id, 'full']));
    if (!repository || vms.length === 0) return types;
    const known = await this.jobs.vmsWithCompletedFull(
      repository.id,
      vms.map((vm) => vm.context_id),
    );
    known.forEach((id) => types.set(id, 'incremental'));
    if (known.size < vms.length) {
      const fullsAtApi = await this.vmNamesWithFullAtApi(repository);
      for (const vm of vms) if (fullsAtApi.has(vm.vm_name)) types.set(vm.context_id, 'incremental');
    }
    return types;
  }

  private async vmNamesWithFullAtApi(repository: RepositoryRef): Promise<Set<string>> {
    try {
      const backups = await this.api.list({ repository, status: 'completed', backup_type: 'full' });
      return new Set(backups.map((b) => b.vm_name));
    } catch (err) {
      this.logger.warn({
        msg: 'backup API list failed; choosing full backups',
        repository_id: repository.id,
        error: describeError(err),
      });
      return new Set();
    }
  }
}
