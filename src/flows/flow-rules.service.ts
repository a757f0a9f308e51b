import { Injectable } from '@nestjs/common';
import { PoliciesService } from '../catalog/policies.service';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { FieldProblem, unprocessable } from '../common/api-error';
import { fieldLabel } from '../common/field-labels';
import { invalidRequest } from '../common/validation';
import { flowTypeProblems } from './dto/flow.dto';
import { ProtectionFlowEntity } from './protection-flow.entity';

const problem = (field: string, text: string): FieldProblem => ({ field, problems: [text] });

/** The rules a flow must satisfy before it is stored, checked on the merged record. */
@Injectable()
export class FlowRules {
  constructor(
    private readonly vmContexts: VmContextsService,
    private readonly groups: ProtectionGroupsService,
    private readonly repositories: RepositoriesService,
    private readonly policies: PoliciesService,
    private readonly schedules: SchedulesService,
  ) {}

  /** Throws 400 for a missing required field, 422 for a reference to nothing; returns the schedule. */
  async check(flow: ProtectionFlowEntity): Promise<ScheduleEntity | null> {
    this.checkShape(flow);
    const [targetExists, repositoryExists, policyExists, schedule] = await Promise.all([
      flow.target_type === 'vm' ? this.vmContexts.exists(flow.target_id) : this.groups.exists(flow.target_id),
      flow.repository_id == null ? true : this.repositories.exists(flow.repository_id),
      flow.policy_id == null ? true : this.policies.exists(flow.policy_id),
      flow.schedule_id == null ? null : this.schedules.findMany([flow.schedule_id]).then((rows) => rows[0] ?? undefined),
    ]);
    const details: FieldProblem[] = [];
    const target = flow.target_type === 'vm' ? `VM (context ID ${flow.target_id})` : `protection group (ID ${flow.target_id})`;
    if (!targetExists) details.push(problem('target_id', `The ${target} does not exist; pick another target`));
    if (!repositoryExists) details.push(problem('repository_id', `Repository ${flow.repository_id} does not exist; pick another repository`));
    if (!policyExists) details.push(problem('policy_id', `Policy ${flow.policy_id} does not exist; pick another policy or none`));
    if (schedule === undefined) details.push(problem('schedule_id', `Schedule ${flow.schedule_id} does not exist; pick another schedule or none`));
    if (details.length > 0)
      throw unprocessable(`The flow refers to records that do not exist (deleted meanwhile?): ${details.map((d) => fieldLabel(d.field)).join(', ')}`, details);
    return schedule;
  }

  private checkShape(flow: ProtectionFlowEntity): void {
    const details = flowTypeProblems(flow);
    if (details.length > 0) throw invalidRequest(details);
  }
}
