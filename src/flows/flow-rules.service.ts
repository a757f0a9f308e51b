import { HttpStatus, Injectable } from '@nestjs/common';
import { PoliciesService } from '../catalog/policies.service';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { ScheduleEntity } from '../catalog/schedule.entity';
import { SchedulesService } from '../catalog/schedules.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { ApiError, FieldProblem, unprocessable } from '../common/api-error';
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
    if (!targetExists) {
      details.push(problem('target_id', `${flow.target_type === 'vm' ? 'VM context' : 'protection group'} ${flow.target_id} does not exist`));
    }
    if (!repositoryExists) details.push(problem('repository_id', `repository ${flow.repository_id} does not exist`));
    if (!policyExists) details.push(problem('policy_id', `policy ${flow.policy_id} does not exist`));
    if (schedule === undefined) details.push(problem('schedule_id', `schedule ${flow.schedule_id} does not exist`));
    if (details.length > 0) throw unprocessable(`The flow refers to records that do not exist: ${fields(details)}`, details);
    return schedule;
  }

  private checkShape(flow: ProtectionFlowEntity): void {
    const details: FieldProblem[] = [];
    if (flow.flow_type === 'backup' && flow.repository_id == null) {
      details.push(problem('repository_id', 'is required for a backup flow'));
    }
    if (flow.flow_type === 'replication' && flow.destination_type == null) {
      details.push(problem('destination_type', 'is required for a replication flow'));
    }
    if (details.length > 0) throw new ApiError(HttpStatus.BAD_REQUEST, `Request is invalid: check ${fields(details)}`, details);
  }
}

function fields(details: FieldProblem[]): string {
  return details.map((d) => d.field).join(', ');
}
