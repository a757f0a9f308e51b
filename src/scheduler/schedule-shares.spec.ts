import { AppConfig } from '../config/app-config';
import { ScheduleShares } from './schedule-shares.service';
import { ShareLeaseRepository } from './share-lease.repository';

/** scheduler_shares and scheduler_replicas in memory, with the same conditional writes as the SQL. */
class MemoryLeaseTable {
  readonly shares = new Map<number, { owner: string | null; until: number | null }>();
  readonly replicas = new Map<string, number>();

  /** One replica's connection to the table; `cut()` makes every call fail, as for a killed or cut-off replica. */
  connection(): { repository: ShareLeaseRepository; cut: () => void } {
    let cut = false;
    const call =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A): Promise<R> =>
        cut ? Promise.reject(new Error('connection lost')) : Promise.resolve(fn(...args));
    const repository = {
      ensureShares: call((count: number) => {
        for (let s = 0; s < count; s++) if (!this.shares.has(s)) this.shares.set(s, { owner: null, until: null });
      }),
      heartbeat: call((owner: string, until: number) => void this.replicas.set(owner, until)),
      liveReplicas: call((now: number) =>
        [...this.replicas]
          .filter(([, until]) => until >= now)
          .map(([owner]) => owner)
          .sort(),
      ),
      forgetReplica: call((owner: string) => void this.replicas.delete(owner)),
      renew: call((owner: string, until: number) => this.rows().forEach(([, row]) => row.owner === owner && (row.until = until))),
      owned: call((owner: string) =>
        this.rows()
          .filter(([, row]) => row.owner === owner)
          .map(([s]) => s),
      ),
      claimable: call((now: number) =>
        this.rows()
          .filter(([, row]) => row.owner === null || (row.until ?? 0) < now)
          .map(([s]) => s),
      ),
      claim: call((owner: string, shares: number[], until: number, now: number) => {
        for (const s of shares) {
          const row = this.shares.get(s);
          if (row && (row.owner === null || (row.until ?? 0) < now)) Object.assign(row, { owner, until });
        }
      }),
      release: call((owner: string, shares?: number[]) => {
        for (const [s, row] of this.rows()) if (row.owner === owner && (!shares || shares.includes(s))) Object.assign(row, { owner: null, until: null });
      }),
    } as unknown as ShareLeaseRepository;
    return { repository, cut: () => (cut = true) };
  }

  ownerOf(share: number): string | null {
    return this.shares.get(share)?.owner ?? null;
  }

  private rows() {
    return [...this.shares].sort(([a], [b]) => a - b);
  }
}

const config = Object.assign(new AppConfig(), { SCHEDULER_SHARES: 16, SCHEDULER_SHARE_LEASE_MS: 20_000, SCHEDULER_SHARE_RENEW_MS: 5000 });

describe('ScheduleShares between replicas', () => {
  let table: MemoryLeaseTable;
  const replica = () => {
    const { repository, cut } = table.connection();
    const dropped: number[][] = [];
    const shares = new ScheduleShares(config, repository);
    return { shares, cut, dropped, drop: (s: number[]) => void dropped.push([...s]) };
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2027-01-01T00:00:00Z') });
    table = new MemoryLeaseTable();
  });
  afterEach(() => jest.useRealTimers());

  it('splits the shares when a second replica starts: the giver drops its CronJobs before the share is free, the taker gets it after', async () => {
    const a = replica();
    await a.shares.join();
    expect((await a.shares.rebalance(a.drop)).gained).toHaveLength(16);
    const b = replica();
    await b.shares.join();
    expect((await b.shares.rebalance(b.drop)).gained).toEqual([]); // nothing free yet

    const stillHeldWhenDropped: Array<string | null> = [];
    const changes = await a.shares.rebalance((shares) => shares.forEach((s) => stillHeldWhenDropped.push(table.ownerOf(s))));
    expect(changes.dropped).toHaveLength(8);
    expect(stillHeldWhenDropped).toEqual(new Array(8).fill(a.shares.ownerId));
    expect(changes.dropped.map((s) => table.ownerOf(s))).toEqual(new Array(8).fill(null));

    const taken = await b.shares.rebalance(b.drop);
    expect(taken.gained.sort((x, y) => x - y)).toEqual(changes.dropped.sort((x, y) => x - y));
    expect(a.shares.heldCount + b.shares.heldCount).toBe(16);
    expect(Array.from({ length: 16 }, (_, s) => [a.shares, b.shares].filter((r) => r.holds(idIn(s))).length)).toEqual(new Array(16).fill(1));
    await a.shares.leave();
    await b.shares.leave();
  });

  it('takes over the shares of a replica that stopped renewing once its lease lapses; that replica drops them itself', async () => {
    const a = replica();
    const b = replica();
    await a.shares.join();
    await b.shares.join();
    await a.shares.rebalance(a.drop);
    await b.shares.rebalance(b.drop);
    await a.shares.rebalance(a.drop);
    await b.shares.rebalance(b.drop);
    expect([a.shares.heldCount, b.shares.heldCount]).toEqual([8, 8]);

    b.cut(); // SIGKILL, or cut off from the database
    await jest.advanceTimersByTimeAsync(10_000);
    expect((await a.shares.rebalance(a.drop)).gained).toEqual([]); // b's lease still runs
    await jest.advanceTimersByTimeAsync(15_000);
    const takeover = await a.shares.rebalance(a.drop);
    expect(takeover.gained).toHaveLength(8);
    expect(a.shares.heldCount).toBe(16);

    // The cut-off replica, past its lease, drops every CronJob it had before anything else.
    await expect(b.shares.rebalance(b.drop)).rejects.toThrow('connection lost');
    expect(b.dropped.flat()).toHaveLength(8);
    expect(b.shares.heldCount).toBe(0);
    await a.shares.leave();
  });

  it('hands every share over at once when a replica stops (SIGTERM)', async () => {
    const a = replica();
    await a.shares.join();
    await a.shares.rebalance(a.drop);
    await a.shares.leave();
    const c = replica();
    await c.shares.join();
    expect((await c.shares.rebalance(c.drop)).gained).toHaveLength(16);
    await c.shares.leave();
  });
});

/** An id in share s of 16 (the first hex digit is the share). */
function idIn(share: number): string {
  return `${share.toString(16)}0000000-0000-4000-8000-000000000000`;
}
