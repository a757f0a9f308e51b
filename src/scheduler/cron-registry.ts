import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/** The only code that touches @nestjs/schedule's SchedulerRegistry: CronJobs by name. */
@Injectable()
export class CronRegistry {
  constructor(private readonly registry: SchedulerRegistry) {}

  /** Adds the job under `name`, replacing (and stopping) any job already there, and starts it. */
  put(name: string, job: CronJob): void {
    this.remove(name);
    this.registry.addCronJob(name, job);
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
