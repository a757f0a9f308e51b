import { plural } from '../../common/plural';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RepositoriesService } from '../../catalog/repositories.service';
import { Semaphore } from '../../common/semaphore';
import { FlowTargetResolver } from '../../flows/flow-target.resolver';
import { FlowsService } from '../../flows/flows.service';
import { BackupTypeAdvisor } from '../backup-type.advisor';
import { ExecutionJobEntity } from '../execution-job.entity';
import { ExecutionLog } from '../execution-log';
import { ExecutionMetadata, metadataOf } from '../execution-metadata';
import { ExecutionRepository } from '../execution.repository';
import { FlowExecutionEntity } from '../flow-execution.entity';
import { JobRepository, NewJobRow } from '../job.repository';
import { DispatchJob, RunSpec } from './dispatch-board';

/** A run read back from its rows: what to queue, what is already in flight, what waits for a retry. */
export interface RunPlan {
  spec: RunSpec;
  metadata: ExecutionMetadata;
  queued: DispatchJob[];
  starting: DispatchJob[];
  running: DispatchJob[];
  failed: DispatchJob[];
  /** Jobs already completed (a resumed run). */
  completed: number;
}

export function toDispatchJob(row: ExecutionJobEntity): DispatchJob {
  return {
    id: row.id,
    vmContextId: row.vm_context_id,
    vmName: row.vm_name,
    backupType: row.backup_type ?? 'full',
    attempt: row.attempt,
    backupJobId: row.backup_job_id,
    previousBackupIds: [...(row.previous_backup_ids ?? [])],
    lastNewsAt: (row.last_update_at ?? row.queued_at ?? new Date()).getTime(),
    startedAt: row.started_at?.getTime(),
  };
}

/**
 * Turns a running execution into a plan: its target resolved into one queued job row per VM (once,
 * with the plan fixed in its metadata), then its rows read back — so a run resumed on any replica
 * continues where its rows say it stopped.
 */
@Injectable()
export class ExecutionPlanner {
  /**
   * Resolving is heavy (member queries, a backup API list); when many runs start together (a
   * shared occurrence) a few at a time keeps the database free for the rest.
   */
  private readonly resolving = new Semaphore(4);

  constructor(
    private readonly executions: ExecutionRepository,
    private readonly jobs: JobRepository,
    private readonly flows: FlowsService,
    private readonly repositories: RepositoriesService,
    private readonly targets: FlowTargetResolver,
    private readonly backupTypes: BackupTypeAdvisor,
    private readonly log: ExecutionLog,
  ) {}

  async plan(execution: FlowExecutionEntity): Promise<RunPlan> {
    let metadata = metadataOf(execution.execution_metadata);
    if (!metadata.jobs_resolved) metadata = await this.resolving.run(() => this.resolve(execution));
    const spec: RunSpec = {
      executionId: execution.id,
      flowId: execution.flow_id,
      limitKey: metadata.limit_key ?? `run:${execution.id}`,
      maxConcurrent: metadata.max_concurrent ?? 1,
      retry: execution.execution_type === 'scheduled' ? { attempts: metadata.retry_attempts, delayMs: metadata.retry_delay_minutes * 60_000 } : null,
    };
    const plan: RunPlan = { spec, metadata, queued: [], starting: [], running: [], failed: [], completed: 0 };
    for (const row of await this.jobs.allOf(execution.id)) {
      if (row.status === 'queued' || row.status === 'starting' || row.status === 'running' || row.status === 'failed')
        plan[row.status].push(toDispatchJob(row));
    }
    return plan;
  }

  /** Writes one queued job per VM, and the plan, in one transaction. */
  private async resolve(execution: FlowExecutionEntity): Promise<ExecutionMetadata> {
    const flow = await this.flows.get(execution.flow_id);
    const [repository] = flow.repository_id === null ? [] : await this.repositories.findMany([flow.repository_id]);
    const target = await this.targets.resolve(flow);
    const retrying = metadataOf(execution.execution_metadata).only_vm_context_ids;
    if (retrying) target.vms = this.onlyRetried(execution, target.vms, retrying);
    const types = await this.backupTypes.choose(repository ?? null, target.vms);
    const plan: Partial<ExecutionMetadata> = {
      jobs_resolved: true,
      limit_key: target.limitKey,
      max_concurrent: target.maxConcurrent,
      repository_id: flow.repository_id,
      repository_external_id: repository?.external_id ?? null,
      policy_id: flow.policy_id,
      ...(target.problem ? { target_problem: target.problem } : {}),
    };
    const now = new Date();
    const rows: NewJobRow[] = target.vms.map((vm, index) => ({
      id: randomUUID(),
      dispatch_order: index,
      execution_id: execution.id,
      vm_context_id: vm.context_id,
      vm_name: vm.vm_name,
      backup_type: types.get(vm.context_id) ?? 'full',
      repository_id: flow.repository_id,
      status: 'queued',
      queued_at: now,
      last_update_at: now,
    }));
    // Merged into the stored metadata: a cancel recorded since the execution was loaded is kept.
    const stored = await this.executions.resolveJobs(execution.id, rows, plan);
    if (target.problem) this.log.error(execution, 'resolved', target.problem);
    this.log.info(execution, 'resolved', `Resolved ${plural(target.vms.length, 'VM')}`, { vm_count: target.vms.length, max_concurrent: target.maxConcurrent });
    if (target.vms.length > 0) this.log.info(execution, 'queued', `Queued ${plural(target.vms.length, 'backup job')}`, { vm_count: target.vms.length });
    return stored;
  }

  /** A retry runs only the retried run's failed VMs that are still in the target (those that left it are logged). */
  private onlyRetried<V extends { context_id: string; vm_name: string }>(execution: FlowExecutionEntity, vms: V[], retrying: string[]): V[] {
    const wanted = new Set(retrying);
    const kept = vms.filter((vm) => wanted.has(vm.context_id));
    const gone = retrying.length - kept.length;
    if (gone > 0)
      this.log.warn(execution, 'resolved', `${plural(gone, 'VM')} to retry ${gone === 1 ? 'is' : 'are'} no longer in the flow's target and left out`, {
        left_out: gone,
      });
    return kept;
  }
}
