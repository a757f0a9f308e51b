import { BackupType } from '../backup-client/backup-api.port';
import { ProtectionFlowEntity } from './protection-flow.entity';
import { TargetVm } from './flow-target.resolver';

/**
 * Chooses full or incremental per VM: incremental once a completed full backup of that VM in the
 * flow's repository is known. The executions module provides it (it owns the job history and the
 * backup API client); the dry run uses it too, through this port.
 */
export abstract class BackupTypeAdvisor {
  abstract choose(flow: Pick<ProtectionFlowEntity, 'repository_id'>, vms: TargetVm[]): Promise<Map<string, BackupType>>;
}
