import { HttpStatus, Injectable } from '@nestjs/common';
import { BackupApi } from '../backup-client/backup-api.port';
import { RepositoriesService } from '../catalog/repositories.service';
import { ApiError } from '../common/api-error';
import { FlowTargetResolver } from '../flows/flow-target.resolver';
import { upcomingRuns } from '../flows/flow-timing';
import { CreateFlowRequest } from '../flows/dto/flow.dto';
import { FlowsService } from '../flows/flows.service';
import { ProtectionFlowEntity } from '../flows/protection-flow.entity';
import { BackupTypeAdvisor } from './backup-type.advisor';
import { FlowTestResponse, ResolvedVm } from './dto/flow-test.dto';
import { PreflightProblem, RunPreflight } from './run-preflight.service';
import { describeError } from '../common/describe-error';

/** How long the dry run waits for the backup API before saying it is unreachable. */
export const BACKUP_API_PROBE_MS = 4000;

/**
 * POST /protection-flows/{id}/test: resolves what a run would do and starts nothing. Its errors are
 * RunPreflight's, so `valid` is false exactly when execute would refuse.
 */
@Injectable()
export class FlowDryRun {
  constructor(
    private readonly flows: FlowsService,
    private readonly preflight: RunPreflight,
    private readonly targets: FlowTargetResolver,
    private readonly backupTypes: BackupTypeAdvisor,
    private readonly api: BackupApi,
    private readonly repositories: RepositoriesService,
  ) {}

  async test(flowId: string): Promise<FlowTestResponse> {
    const flow = await this.flows.get(flowId);
    return this.report(flow, () => this.preflight.problemsIncludingBusy(flow));
  }

  /** The same for a flow not saved yet (a form's "Test" before "Save"); invalid fields answer 400/422 as a create would. */
  async testDraft(dto: CreateFlowRequest): Promise<FlowTestResponse> {
    const flow = await this.flows.draft(dto);
    return this.report(flow, () => this.preflight.problems(flow));
  }

  private async report(flow: ProtectionFlowEntity, problemsOf: () => Promise<PreflightProblem[]>): Promise<FlowTestResponse> {
    await this.checkBackupApi();
    const [problems, vms, schedule] = await Promise.all([problemsOf(), this.resolveVms(flow), this.flows.scheduleOf(flow)]);
    const warnings: string[] = [];
    if (!flow.schedule_id) warnings.push('The flow has no schedule: it runs only on demand');
    else if (schedule && !schedule.enabled) warnings.push(`Schedule "${schedule.name}" is disabled: the flow will not run on its own`);
    return {
      valid: problems.length === 0,
      errors: problems.map((p) => p.message),
      warnings,
      resolved_vms: vms,
      next_runs: upcomingRuns(flow, schedule, 5).map((d) => d.toISOString()),
    };
  }

  /** 503 when the backup API does not answer: nothing else the dry run says would hold. */
  private async checkBackupApi(): Promise<void> {
    try {
      await this.api.probe(BACKUP_API_PROBE_MS);
    } catch (err) {
      const reason = describeError(err);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, `The backup API is unreachable, so a run would fail: ${reason}`);
    }
  }

  private async resolveVms(flow: ProtectionFlowEntity): Promise<ResolvedVm[]> {
    if (flow.flow_type !== 'backup') return [];
    const [repository] = flow.repository_id === null ? [] : await this.repositories.findMany([flow.repository_id]);
    const target = await this.targets.resolve(flow);
    const types = await this.backupTypes.choose(repository ?? null, target.vms);
    return target.vms.map((vm) => ({ ...vm, backup_type: types.get(vm.context_id) ?? 'full' }));
  }
}
