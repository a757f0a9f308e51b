import { Injectable } from '@nestjs/common';
import { PoliciesService } from '../catalog/policies.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { FlowTestResponse, ResolvedVm } from './dto/flow.dto';
import { BackupTypeAdvisor } from './backup-type.advisor';
import { FlowTargetResolver } from './flow-target.resolver';
import { upcomingRuns } from './flow-timing';
import { FlowsService } from './flows.service';
import { ProtectionFlowEntity } from './protection-flow.entity';

interface Findings {
  errors: string[];
  warnings: string[];
}

/** POST /protection-flows/{id}/test: resolves what a run would do, and starts nothing. */
@Injectable()
export class FlowDryRun {
  constructor(
    private readonly flows: FlowsService,
    private readonly targets: FlowTargetResolver,
    private readonly backupTypes: BackupTypeAdvisor,
    private readonly repositories: RepositoriesService,
    private readonly policies: PoliciesService,
  ) {}

  async test(flowId: string): Promise<FlowTestResponse> {
    const flow = await this.flows.get(flowId);
    const findings: Findings = { errors: [], warnings: [] };
    if (!flow.enabled) findings.warnings.push('The flow is disabled: it will not run on its schedule or on demand until enabled');
    if (flow.flow_type === 'replication') {
      findings.errors.push('Replication flows need a replication backend, which this engine does not have yet');
    }
    const [vms, schedule] = await Promise.all([
      this.resolveTarget(flow, findings),
      this.flows.scheduleOf(flow),
      this.checkRepository(flow, findings),
      this.checkPolicy(flow, findings),
    ]);
    if (!flow.schedule_id) findings.warnings.push('The flow has no schedule: it runs only on demand');
    else if (schedule && !schedule.enabled) findings.warnings.push(`Schedule "${schedule.name}" is disabled: the flow will not run on its own`);
    return {
      valid: findings.errors.length === 0,
      errors: findings.errors,
      warnings: findings.warnings,
      resolved_vms: vms,
      next_runs: upcomingRuns(flow, schedule, 5).map((d) => d.toISOString()),
    };
  }

  private async resolveTarget(flow: ProtectionFlowEntity, findings: Findings): Promise<ResolvedVm[]> {
    const target = await this.targets.resolve(flow);
    if (target.problem) findings.errors.push(target.problem);
    else if (target.vms.length === 0) findings.warnings.push('The group has no enabled VMs: a run would back up nothing');
    const types = await this.backupTypes.choose(flow, target.vms);
    return target.vms.map((vm) => ({ ...vm, backup_type: types.get(vm.context_id) ?? 'full' }));
  }

  private async checkRepository(flow: ProtectionFlowEntity, findings: Findings): Promise<void> {
    if (flow.repository_id === null) return;
    const [repository] = await this.repositories.findMany([flow.repository_id]);
    if (!repository) findings.errors.push(`Repository ${flow.repository_id} no longer exists`);
    else if (!repository.enabled) findings.errors.push(`Repository "${repository.name}" is disabled`);
  }

  private async checkPolicy(flow: ProtectionFlowEntity, findings: Findings): Promise<void> {
    if (flow.policy_id === null) return;
    const [policy] = await this.policies.findMany([flow.policy_id]);
    if (!policy) findings.errors.push(`Policy ${flow.policy_id} no longer exists`);
    else if (!policy.enabled) findings.errors.push(`Policy "${policy.name}" is disabled`);
  }
}
