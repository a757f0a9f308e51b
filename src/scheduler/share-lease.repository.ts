import { Injectable } from '@nestjs/common';
import { activeDialect } from '../database/dialect';
import { placeholders, RawSql } from '../database/raw-sql';

/**
 * scheduler_shares and scheduler_replicas. Every change is one conditional statement, so two
 * replicas reaching for the same share cannot both get it. Times are epoch milliseconds of the
 * writing replica's clock (replicas' clocks are assumed to agree within a few seconds).
 */
@Injectable()
export class ShareLeaseRepository {
  constructor(private readonly sql: RawSql) {}

  /** Creates the rows of shares 0…count-1 that do not exist yet. */
  async ensureShares(count: number): Promise<void> {
    const existing = new Set((await this.sql.select('SELECT share FROM scheduler_shares WHERE share < ?', [count])).map((row) => Number(row.share)));
    const missing = Array.from({ length: count }, (_, share) => share).filter((share) => !existing.has(share));
    if (missing.length === 0) return;
    const ignore = activeDialect() === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    await this.sql.execute(`${ignore} INTO scheduler_shares (share) VALUES ${missing.map(() => '(?)').join(', ')}`, missing);
  }

  /** Says this replica is alive until `untilMs`. */
  async heartbeat(ownerId: string, untilMs: number): Promise<void> {
    const updated = await this.sql.execute('UPDATE scheduler_replicas SET alive_until_ms = ? WHERE owner_id = ?', [untilMs, ownerId]);
    if (updated > 0) return;
    const ignore = activeDialect() === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
    await this.sql.execute(`${ignore} INTO scheduler_replicas (owner_id, alive_until_ms) VALUES (?, ?)`, [ownerId, untilMs]);
  }

  /** The live replicas' ids, sorted; rows of replicas gone for an hour are cleared on the way. */
  async liveReplicas(nowMs: number): Promise<string[]> {
    await this.sql.execute('DELETE FROM scheduler_replicas WHERE alive_until_ms < ?', [nowMs - 3_600_000]);
    const rows = await this.sql.select('SELECT owner_id FROM scheduler_replicas WHERE alive_until_ms >= ? ORDER BY owner_id', [nowMs]);
    return rows.map((row) => String(row.owner_id));
  }

  async forgetReplica(ownerId: string): Promise<void> {
    await this.sql.execute('DELETE FROM scheduler_replicas WHERE owner_id = ?', [ownerId]);
  }

  /** Extends the lease of every share the replica holds. */
  async renew(ownerId: string, untilMs: number): Promise<void> {
    await this.sql.execute('UPDATE scheduler_shares SET lease_until_ms = ? WHERE owner_id = ?', [untilMs, ownerId]);
  }

  /** The shares (below count) the replica holds. */
  async owned(ownerId: string, count: number): Promise<number[]> {
    const rows = await this.sql.select('SELECT share FROM scheduler_shares WHERE owner_id = ? AND share < ? ORDER BY share', [ownerId, count]);
    return rows.map((row) => Number(row.share));
  }

  /** Shares nobody holds, or whose holder let its lease lapse. */
  async claimable(nowMs: number, count: number): Promise<number[]> {
    const rows = await this.sql.select('SELECT share FROM scheduler_shares WHERE share < ? AND (owner_id IS NULL OR lease_until_ms < ?) ORDER BY share', [
      count,
      nowMs,
    ]);
    return rows.map((row) => Number(row.share));
  }

  /** Takes those of the shares that are still claimable. */
  async claim(ownerId: string, shares: number[], untilMs: number, nowMs: number): Promise<void> {
    if (shares.length === 0) return;
    await this.sql.execute(
      `UPDATE scheduler_shares SET owner_id = ?, lease_until_ms = ? WHERE share IN (${placeholders(shares.length)}) AND (owner_id IS NULL OR lease_until_ms < ?)`,
      [ownerId, untilMs, ...shares, nowMs],
    );
  }

  /** Gives shares back (all of the replica's when none are named). */
  async release(ownerId: string, shares?: number[]): Promise<void> {
    if (shares?.length === 0) return;
    const only = shares ? ` AND share IN (${placeholders(shares.length)})` : '';
    await this.sql.execute(`UPDATE scheduler_shares SET owner_id = NULL, lease_until_ms = NULL WHERE owner_id = ?${only}`, [ownerId, ...(shares ?? [])]);
  }
}
