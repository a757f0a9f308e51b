import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/** The only code that touches @nestjs/schedule's SchedulerRegistry: CronJobs by name. */
@Injectable()
export class CronRegistry {
  constructor(private readonly registry: SchedulerRegistry) {}

  /** Adds the job under `name`, replacing (and stopping) any job already there, and starts it. */
  put<C>(name: string, job: CronJob<null, C>): void {
    this.remove(name);
    // The registry's type knows jobs without a context; it never calls onTick, so the context's type does not matter to it.
    this.registry.addCronJob(name, job as unknown as CronJob);
    job.start();
  }

  remove(name: string): boolean {
    if (!this.registry.doesExist('cron', name)) return false;
    this.registry.deleteCronJob(name);
    return true;
  }

  has(name: string): boolean {
    return this.registry.doesExist('cron', name);
  }

  names(prefix = ''): string[] {
    return [...this.registry.getCronJobs().keys()].filter((name) => name.startsWith(prefix));
  }
}
