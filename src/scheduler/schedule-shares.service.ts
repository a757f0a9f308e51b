import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { describeError } from '../common/describe-error';
import { AppConfig } from '../config/app-config';
import { IdRange } from '../database/id-ranges';
import { ShareLeaseRepository } from './share-lease.repository';
import { fairCount, rangesOf, shareOf } from './share-ranges';

export interface ShareChanges {
  /** Shares this replica took: their flows are to be registered. */
  gained: number[];
  /** Shares this replica no longer holds (given away, or lost while its lease lapsed); their CronJobs are gone. */
  dropped: number[];
}

/**
 * Which shares of the schedule this replica holds. The lease is renewed on a timer of its own, so a
 * long registration pass never lets it lapse; rebalancing (taking a fair part, giving extras back)
 * runs between the scheduler's passes, and a share is given back only after its CronJobs are gone.
 */
@Injectable()
export class ScheduleShares {
  private readonly logger = new Logger('ScheduleShares');
  readonly ownerId = randomUUID();
  private readonly held = new Set<number>();
  /** Until when this replica's hold is certain (its last successful renewal plus the lease). */
  private validUntil = 0;
  private renewTimer?: NodeJS.Timeout;
  private left = false;

  constructor(
    private readonly config: AppConfig,
    private readonly leases: ShareLeaseRepository,
  ) {}

  get count(): number {
    return this.config.SCHEDULER_SHARES;
  }

  get heldCount(): number {
    return this.held.size;
  }

  holdsShare(share: number): boolean {
    return this.held.has(share);
  }

  holds(flowId: string): boolean {
    return this.held.has(shareOf(flowId, this.count));
  }

  /** The id ranges of the given shares (default: every share held). */
  ranges(shares: Iterable<number> = this.held): IdRange[] {
    return rangesOf(shares, this.count);
  }

  /** Announces this replica and starts renewing; shares are taken by the first rebalance. */
  async join(): Promise<void> {
    await this.leases.ensureShares(this.count);
    await this.renew();
    // The replica may have been told to stop while joining.
    if (this.left) return;
    this.renewTimer = setInterval(() => void this.renew(), this.config.SCHEDULER_SHARE_RENEW_MS);
  }

  /** Gives every share back at once (a stopping replica), so the others take them at their next rebalance. */
  async leave(): Promise<void> {
    this.left = true;
    clearInterval(this.renewTimer);
    this.held.clear();
    try {
      await this.leases.release(this.ownerId);
      await this.leases.forgetReplica(this.ownerId);
    } catch (err) {
      this.logger.warn({ msg: 'could not hand the schedule shares over; they pass to the other replicas when the lease lapses', error: describeError(err) });
    }
  }

  /**
   * Holds this replica's fair part: drops what it lost, gives extras back (after `drop` removed
   * their CronJobs), takes free or lapsed shares up to its part.
   */
  async rebalance(drop: (shares: number[]) => void): Promise<ShareChanges> {
    const now = Date.now();
    const owned = new Set(now <= this.validUntil ? await this.leases.owned(this.ownerId, this.count) : []);
    const lost = [...this.held].filter((share) => !owned.has(share));
    this.forget(lost, drop);
    const replicas = await this.leases.liveReplicas(now);
    if (!replicas.includes(this.ownerId)) return { gained: [], dropped: lost };
    const fair = fairCount(this.count, replicas.length, replicas.indexOf(this.ownerId));
    if (this.held.size > fair) {
      const extras = [...this.held].sort((a, b) => b - a).slice(0, this.held.size - fair);
      this.forget(extras, drop);
      await this.leases.release(this.ownerId, extras);
      return { gained: [], dropped: [...lost, ...extras] };
    }
    const wanted = fair - this.held.size;
    if (wanted === 0) return { gained: [], dropped: lost };
    // Start looking where this replica's part would be, so replicas starting together seldom reach for the same shares.
    const free = await this.leases.claimable(now, this.count);
    const offset = Math.floor((replicas.indexOf(this.ownerId) * this.count) / replicas.length);
    const candidates = [...free.filter((s) => s >= offset), ...free.filter((s) => s < offset)].slice(0, wanted);
    await this.leases.claim(this.ownerId, candidates, now + this.config.SCHEDULER_SHARE_LEASE_MS, now);
    const gained = (await this.leases.owned(this.ownerId, this.count)).filter((share) => !this.held.has(share));
    for (const share of gained) this.held.add(share);
    if (gained.length > 0 || lost.length > 0)
      this.logger.log({ msg: 'schedule shares changed', held: this.held.size, gained: gained.length, lost: lost.length });
    return { gained, dropped: lost };
  }

  private forget(shares: number[], drop: (shares: number[]) => void): void {
    if (shares.length === 0) return;
    drop(shares);
    for (const share of shares) this.held.delete(share);
  }

  private async renew(): Promise<void> {
    if (this.left) return;
    const now = Date.now();
    const until = now + this.config.SCHEDULER_SHARE_LEASE_MS;
    try {
      await this.leases.heartbeat(this.ownerId, until);
      await this.leases.renew(this.ownerId, until);
      this.validUntil = until;
    } catch (err) {
      this.logger.warn({ msg: 'could not renew the schedule shares', held: this.held.size, error: describeError(err) });
    }
  }
}
