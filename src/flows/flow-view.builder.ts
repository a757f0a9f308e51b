import { Injectable } from '@nestjs/common';
import { PoliciesService } from '../catalog/policies.service';
import { ProtectionGroupsService } from '../catalog/protection-groups.service';
import { RepositoriesService } from '../catalog/repositories.service';
import { SchedulesService } from '../catalog/schedules.service';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { FlowResponse, FlowStatus } from './dto/flow-response.dto';
import type { FlowNames } from './flow-read.repository';
import { isOverdue } from './flow-timing';
import { ProtectionFlowEntity } from './protection-flow.entity';

function idsOf<T>(flows: ProtectionFlowEntity[], pick: (f: ProtectionFlowEntity) => T | null): T[] {
  return [...new Set(flows.map(pick).filter((v): v is T => v !== null))];
}

export function flowStatusOf(flow: ProtectionFlowEntity): FlowStatus {
  return {
    last_execution_id: flow.last_execution_id,
    last_execution_status: flow.last_execution_status,
    last_execution_time: flow.last_execution_time,
    next_execution_time: flow.next_execution_time,
    total_executions: flow.total_executions,
    successful_executions: flow.successful_executions,
    failed_executions: flow.failed_executions,
    overdue: isOverdue(flow),
    // Filled in by the layer that also knows executions (see FlowViews in the overview module).
    running_execution: null,
  };
}

export function toFlowResponse(flow: ProtectionFlowEntity, names: FlowNames): FlowResponse {
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    flow_type: flow.flow_type,
    target_type: flow.target_type,
    target_id: flow.target_id,
    repository_id: flow.repository_id,
    policy_id: flow.policy_id,
    destination_type: flow.destination_type,
    destination_config: flow.destination_config,
    schedule_id: flow.schedule_id,
    enabled: flow.enabled,
    created_at: flow.created_at,
    updated_at: flow.updated_at,
    created_by: flow.created_by,
    status: flowStatusOf(flow),
    notice: flow.notice === null ? null : { message: flow.notice, at: flow.notice_at ?? flow.updated_at },
    ...names,
  };
}

/**
 * Shapes flows for the API and resolves the names they refer to: one query per kind of
 * referenced record, whatever the number of flows (no query per row).
 */
@Injectable()
export class FlowViewBuilder {
  constructor(
    private readonly vmContexts: VmContextsService,
    private readonly groups: ProtectionGroupsService,
    private readonly repositories: RepositoriesService,
    private readonly policies: PoliciesService,
    private readonly schedules: SchedulesService,
  ) {}

  async one(flow: ProtectionFlowEntity): Promise<FlowResponse> {
    return (await this.many([flow]))[0];
  }

  async many(flows: ProtectionFlowEntity[]): Promise<FlowResponse[]> {
    const [vms, groups, repositories, policies, schedules] = await Promise.all([
      this.vmContexts.findMany(idsOf(flows, (f) => (f.target_type === 'vm' ? f.target_id : null))),
      this.groups.findMany(idsOf(flows, (f) => (f.target_type === 'group' ? f.target_id : null))),
      this.repositories.findMany(idsOf(flows, (f) => f.repository_id)),
      this.policies.findMany(idsOf(flows, (f) => f.policy_id)),
      this.schedules.findMany(idsOf(flows, (f) => f.schedule_id)),
    ]);
    const vmNames = new Map(vms.map((v) => [v.context_id, v.vm_name]));
    const groupNames = new Map(groups.map((g) => [g.id, g.name]));
    const repositoryNames = new Map(repositories.map((r) => [r.id, r.name]));
    const policyNames = new Map(policies.map((p) => [p.id, p.name]));
    const scheduleById = new Map(schedules.map((s) => [s.id, s]));
    return flows.map((flow) => {
      const schedule = flow.schedule_id ? scheduleById.get(flow.schedule_id) : undefined;
      return toFlowResponse(flow, {
        target_name: (flow.target_type === 'vm' ? vmNames : groupNames).get(flow.target_id) ?? null,
        repository_name: flow.repository_id === null ? null : (repositoryNames.get(flow.repository_id) ?? null),
        policy_name: flow.policy_id === null ? null : (policyNames.get(flow.policy_id) ?? null),
        schedule_name: schedule?.name ?? null,
        schedule_cron: schedule?.cron_expression ?? null,
        schedule_timezone: schedule?.timezone ?? null,
      });
    });
  }
}
