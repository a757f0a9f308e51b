import { HttpStatus, Injectable } from '@nestjs/common';
import { BackupApi } from '../backup-client/backup-api.port';
import { PoliciesService } from '../catalog/policies.service';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { ApiError } from '../common/api-error';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { ExecutionRepository } from './execution.repository';

/** Why a flow cannot run now, with the HTTP status execute answers for it. */
export interface PreflightProblem {
  status: HttpStatus.CONFLICT | HttpStatus.UNPROCESSABLE_ENTITY;
  message: string;
}

const refusal = (status: PreflightProblem['status'], message: string): PreflightProblem => ({ status, message });

/**
 * The one set of rules deciding whether a flow can run: execute refuses with the first problem,
 * and the dry run reports all of them (valid: false) — so the two always agree.
 */
@Injectable()
export class RunPreflight {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly policies: PoliciesService,
    private readonly groups: ProtectionGroupsService,
    private readonly vmContexts: VmContextsService,
    private readonly executions: ExecutionRepository,
    private readonly api: BackupApi,
  ) {}

  /** Everything that stops a run of this flow, except another run already holding it. */
  async problems(flow: ProtectionFlowEntity): Promise<PreflightProblem[]> {
    if (flow.flow_type === 'replication') {
      return [refusal(HttpStatus.CONFLICT, 'replication flows need a replication backend, which this engine does not have yet')];
    }
    const found: PreflightProblem[] = [];
    if (!flow.enabled) found.push(refusal(HttpStatus.CONFLICT, `Protection flow "${flow.name}" is disabled; enable it before running it`));
    const [repository, policy, target] = await Promise.all([this.repositoryProblem(flow), this.policyProblem(flow), this.targetProblem(flow)]);
    return [...found, ...[repository, policy, target].filter((p): p is PreflightProblem => p !== null)];
  }

  /** The same, plus a run already holding the flow (the dry run's view; execute finds that out by claiming). */
  async problemsIncludingBusy(flow: ProtectionFlowEntity): Promise<PreflightProblem[]> {
    const [problems, running] = await Promise.all([this.problems(flow), this.executions.runningOf(flow.id)]);
    return running ? [...problems, busy(running.id)] : problems;
  }

  /** Throws the first problem as the API error execute answers with. */
  refuseIfAny(problems: PreflightProblem[]): void {
    if (problems.length > 0) throw new ApiError(problems[0].status, problems[0].message);
  }

  private async repositoryProblem(flow: ProtectionFlowEntity): Promise<PreflightProblem | null> {
    if (flow.repository_id === null) return null;
    const [repository] = await this.repositories.findMany([flow.repository_id]);
    if (!repository) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `Repository ${flow.repository_id} no longer exists`);
    if (!repository.enabled) return refusal(HttpStatus.CONFLICT, `Repository "${repository.name}" is disabled; enable it before running the flow`);
    const unusable = this.api.repositoryProblem(repository);
    return unusable ? refusal(HttpStatus.UNPROCESSABLE_ENTITY, unusable) : null;
  }

  private async policyProblem(flow: ProtectionFlowEntity): Promise<PreflightProblem | null> {
    if (flow.policy_id === null) return null;
    const [policy] = await this.policies.findMany([flow.policy_id]);
    if (!policy) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `Policy ${flow.policy_id} no longer exists`);
    return policy.enabled ? null : refusal(HttpStatus.CONFLICT, `Policy "${policy.name}" is disabled; enable it before running the flow`);
  }

  private async targetProblem(flow: ProtectionFlowEntity): Promise<PreflightProblem | null> {
    if (flow.target_type === 'vm') {
      return (await this.vmContexts.exists(flow.target_id)) ? null : refusal(HttpStatus.UNPROCESSABLE_ENTITY, `VM context ${flow.target_id} no longer exists`);
    }
    const [group] = await this.groups.findMany([flow.target_id]);
    if (!group) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `Protection group ${flow.target_id} no longer exists`);
    if ((await this.groups.countEnabledMembers(group.id)) > 0) return null;
    return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `Protection group "${group.name}" has no enabled VMs: a run would back up nothing`);
  }
}

export function busy(executionId: string): PreflightProblem {
  return refusal(HttpStatus.CONFLICT, `The flow already has a running execution: ${executionId}; wait for it or cancel it`);
}
