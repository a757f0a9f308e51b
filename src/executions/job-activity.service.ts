import { Injectable } from '@nestjs/common';
import { ExecutionJobEntity } from './execution-job.entity';
import { JobRepository } from './job.repository';

/** What the engine's jobs say about VMs: which are being backed up now, and each VM's history. */
@Injectable()
export class JobActivity {
  constructor(private readonly jobs: JobRepository) {}

  vmsInFlight(vmContextIds: string[]): Promise<Set<string>> {
    return vmContextIds.length === 0 ? Promise.resolve(new Set()) : this.jobs.vmsWithJobs(vmContextIds, ['starting', 'running']);
  }

  /** Which of these VMs have any backup history in this engine. */
  vmsWithHistory(vmContextIds: string[]): Promise<Set<string>> {
    return vmContextIds.length === 0 ? Promise.resolve(new Set()) : this.jobs.vmsWithJobs(vmContextIds);
  }

  /** The VM's latest `limit` backup jobs from this engine, newest first. */
  historyOfVm(vmContextId: string, limit = 20): Promise<ExecutionJobEntity[]> {
    return this.jobs.latestOfVm(vmContextId, limit);
  }
}
