import { HttpStatus, Injectable } from '@nestjs/common';
import { BackupApi } from '../backup-client/backup-api.port';
import { PoliciesService } from '../catalog/policies.service';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { ApiError, FieldProblem } from '../common/api-error';
import { ProtectionFlowEntity, TargetType } from '../flows/protection-flow.entity';
import { BackupPolicyEntity } from '../catalog/backup-policy.entity';
import { ProtectionGroupEntity } from '../catalog/protection-group.entity';
import { BackupRepositoryEntity } from '../catalog/backup-repository.entity';
import { VmContextEntity } from '../catalog/vm-context.entity';
import { ExecutionRepository } from './execution.repository';

/** Why a flow cannot run now, with the HTTP status execute answers for it (and the records it is about). */
export interface PreflightProblem {
  status: HttpStatus.CONFLICT | HttpStatus.UNPROCESSABLE_ENTITY;
  message: string;
  details?: FieldProblem[];
}

/** The records the flows being checked point at, looked up once for all of them. */
interface KnownRecords {
  repositories: Map<number, BackupRepositoryEntity>;
  policies: Map<number, BackupPolicyEntity>;
  vms: Map<string, VmContextEntity>;
  groups: Map<string, ProtectionGroupEntity>;
  enabledMembers: Map<string, number>;
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
    return (await this.problemsOfMany([flow])).get(flow.id) ?? [];
  }

  /** The same for many flows with one lookup per kind of record (a shared occurrence checks 1,000 flows). */
  async problemsOfMany(flows: ProtectionFlowEntity[]): Promise<Map<string, PreflightProblem[]>> {
    const known = await this.lookUp(flows);
    return new Map(flows.map((flow) => [flow.id, this.problemsOf(flow, known)]));
  }

  /** The same, plus a run already holding the flow (the dry run's view; execute finds that out by claiming). */
  async problemsIncludingBusy(flow: ProtectionFlowEntity): Promise<PreflightProblem[]> {
    const [problems, running] = await Promise.all([this.problems(flow), this.executions.runningOf(flow.id)]);
    return running ? [...problems, busy(flow.name, running.id)] : problems;
  }

  /** Throws the first problem as the API error execute answers with. */
  refuseIfAny(problems: PreflightProblem[]): void {
    if (problems.length > 0) throw new ApiError(problems[0].status, problems[0].message, problems[0].details);
  }

  private async lookUp(flows: ProtectionFlowEntity[]): Promise<KnownRecords> {
    const ids = <K extends string | number>(pick: (flow: ProtectionFlowEntity) => K | null, targetType?: TargetType): K[] =>
      [...new Set(flows.filter((f) => !targetType || f.target_type === targetType).map(pick))].filter((id): id is K => id !== null);
    const [repositories, policies, vms, groups] = await Promise.all([
      this.repositories.findMany(ids((f) => f.repository_id)),
      this.policies.findMany(ids((f) => f.policy_id)),
      this.vmContexts.findMany(ids((f) => f.target_id, 'vm')),
      this.groups.findMany(ids((f) => f.target_id, 'group')),
    ]);
    const members = await Promise.all(groups.map(async (g) => [g.id, await this.groups.countEnabledMembers(g.id)] as const));
    return {
      repositories: new Map(repositories.map((r) => [r.id, r])),
      policies: new Map(policies.map((p) => [p.id, p])),
      vms: new Map(vms.map((v) => [v.context_id, v])),
      groups: new Map(groups.map((g) => [g.id, g])),
      enabledMembers: new Map(members),
    };
  }

  private problemsOf(flow: ProtectionFlowEntity, known: KnownRecords): PreflightProblem[] {
    if (flow.flow_type === 'replication') {
      return [refusal(HttpStatus.CONFLICT, 'replication flows need a replication backend, which this engine does not have yet')];
    }
    const found = [
      flow.enabled ? null : refusal(HttpStatus.CONFLICT, `Protection flow "${flow.name}" is disabled; enable it before running it`),
      this.repositoryProblem(flow, known),
      policyProblem(flow, known),
      targetProblem(flow, known),
    ];
    return found.filter((p): p is PreflightProblem => p !== null);
  }

  private repositoryProblem(flow: ProtectionFlowEntity, known: KnownRecords): PreflightProblem | null {
    if (flow.repository_id === null) return null;
    const repository = known.repositories.get(flow.repository_id);
    if (!repository) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `The flow's repository was deleted; give the flow another repository`);
    if (repository.missing_since)
      return refusal(
        HttpStatus.UNPROCESSABLE_ENTITY,
        goneFromAppliance(`Repository "${repository.name}"`, repository.missing_since, 'give the flow another repository'),
      );
    if (!repository.enabled) return refusal(HttpStatus.CONFLICT, `Repository "${repository.name}" is disabled; enable it before running the flow`);
    const unusable = this.api.repositoryProblem(repository);
    return unusable ? refusal(HttpStatus.UNPROCESSABLE_ENTITY, unusable) : null;
  }
}

function policyProblem(flow: ProtectionFlowEntity, known: KnownRecords): PreflightProblem | null {
  if (flow.policy_id === null) return null;
  const policy = known.policies.get(flow.policy_id);
  if (!policy) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `The flow's policy was deleted; give the flow another policy or none`);
  return policy.enabled ? null : refusal(HttpStatus.CONFLICT, `Policy "${policy.name}" is disabled; enable it before running the flow`);
}

function targetProblem(flow: ProtectionFlowEntity, known: KnownRecords): PreflightProblem | null {
  if (flow.target_type === 'vm') {
    const vm = known.vms.get(flow.target_id);
    if (!vm) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `The flow's VM was deleted; give the flow another target`);
    return vm.missing_since
      ? refusal(
          HttpStatus.UNPROCESSABLE_ENTITY,
          goneFromAppliance(`VM "${vm.vm_name}"`, vm.missing_since, 'the flow cannot back it up until it is back, or is given another target'),
        )
      : null;
  }
  const group = known.groups.get(flow.target_id);
  if (!group) return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `The flow's protection group was deleted; give the flow another target`);
  if (group.missing_since)
    return refusal(
      HttpStatus.UNPROCESSABLE_ENTITY,
      goneFromAppliance(`Protection group "${group.name}"`, group.missing_since, 'the flow cannot back it up until it is back, or is given another target'),
    );
  if ((known.enabledMembers.get(group.id) ?? 0) > 0) return null;
  return refusal(HttpStatus.UNPROCESSABLE_ENTITY, `Protection group "${group.name}" has no enabled VMs: a run would back up nothing`);
}

/** A record the appliance no longer has: the flow cannot back it up. */
function goneFromAppliance(what: string, since: Date, remedy: string): string {
  return `${what} is missing from the Sendense appliance since ${since.toISOString()}; ${remedy}`;
}

/** The flow is running: its run is linked in `details`. */
export function busy(flowName: string, executionId: string): PreflightProblem {
  return {
    ...refusal(HttpStatus.CONFLICT, `Protection flow "${flowName}" is already running; wait for that run to end or cancel it`),
    details: [
      {
        field: 'flow_id',
        problems: ['already running'],
        records: [{ kind: 'flow_execution', id: executionId, name: `the running execution of "${flowName}"` }],
      },
    ],
  };
}
