import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { DispatchBoard } from './dispatch-board';
import { FlowDispatcher } from './flow-dispatcher.service';
import { ExecutionRepository } from '../execution.repository';
import { PendingRunStarter } from './pending-run.starter';
import { ReplicaLease } from './replica-lease';
import { describeError } from '../../common/describe-error';

/**
 * Exactly one replica drives each running execution: the owner renews a lease; executions whose
 * lease lapsed (their replica died or restarted) are claimed and resumed — at start-up and then
 * periodically — so nothing stays running forever and nothing is dispatched twice.
 */
@Injectable()
export class ExecutionLeases implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExecutionLeases');
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly config: AppConfig,
    private readonly lease: ReplicaLease,
    private readonly executions: ExecutionRepository,
    private readonly dispatcher: FlowDispatcher,
    private readonly board: DispatchBoard,
    private readonly pendingRuns: PendingRunStarter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(500, Math.floor(this.config.EXECUTION_LEASE_MS / 3)));
  }

  /** A replica that stops hands its runs over at once: their leases lapse now, and another replica (or this one, restarted) takes them over. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.executions.releaseLeases(this.lease.ownerId, this.board.executionIds()).catch((err: unknown) => {
      this.logger.warn({ msg: 'could not release leases; they lapse on their own', error: describeError(err) });
    });
  }

  /** Renew what we drive, then take over what nobody drives. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.executions.renewLeases(this.lease.ownerId, this.board.executionIds(), this.lease.leaseUntil());
      const orphans = await this.executions.claimOrphans(this.lease.ownerId, this.lease.leaseUntil(), new Date());
      for (const execution of orphans) {
        void this.dispatcher.begin(execution, { reason: 'resumed', message: 'resuming execution' });
      }
      // A pending run whose predecessor ended on a replica that died before starting it.
      for (const flowId of await this.executions.flowsWithPending()) await this.pendingRuns.promote(flowId);
    } catch (err) {
      this.logger.error({ msg: 'lease round failed', error: describeError(err) });
    } finally {
      this.busy = false;
    }
  }
}
