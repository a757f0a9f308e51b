import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ExecutionRecords } from './execution-records';
import { ExecutionRuns } from './execution-runs';
import { FlowDispatcher } from './flow-dispatcher.service';

/**
 * Exactly one replica drives each running execution: the owner renews a lease; executions whose
 * lease lapsed (their replica died or restarted) are claimed and resumed — at start-up and then
 * periodically — so nothing stays running forever and nothing is dispatched twice.
 */
@Injectable()
export class ExecutionLeases implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly ownerId = randomUUID();
  private readonly logger = new Logger('ExecutionLeases');
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** Set by the launcher (which depends on this service, so it cannot be injected here). */
  pendingStarter?: (flowId: string) => Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly records: ExecutionRecords,
    private readonly runs: ExecutionRuns,
    private readonly dispatcher: FlowDispatcher,
  ) {}

  leaseUntil(): Date {
    return new Date(Date.now() + this.config.EXECUTION_LEASE_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(500, Math.floor(this.config.EXECUTION_LEASE_MS / 3)));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Renew what we drive, then take over what nobody drives. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.records.renewLeases(this.ownerId, this.runs.ids(), this.leaseUntil());
      const orphans = await this.records.claimOrphans(this.ownerId, this.leaseUntil(), new Date());
      for (const execution of orphans) {
        this.logger.warn({ msg: 'resuming execution', execution_id: execution.id, flow_id: execution.flow_id });
        void this.dispatcher.drive(execution);
      }
      // A pending run whose predecessor ended on a replica that died before starting it.
      for (const flowId of await this.records.flowsWithPending()) await this.pendingStarter?.(flowId);
    } catch (err) {
      this.logger.error({ msg: 'lease round failed', error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.busy = false;
    }
  }
}
