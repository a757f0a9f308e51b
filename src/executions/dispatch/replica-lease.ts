import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/** This replica's identity as an execution owner, and how long its claim on a run lasts. */
@Injectable()
export class ReplicaLease {
  readonly ownerId = randomUUID();

  constructor(private readonly config: AppConfig) {}

  leaseUntil(now = Date.now()): Date {
    return new Date(now + this.config.EXECUTION_LEASE_MS);
  }

  /** The columns that make a run this replica's to drive, from `now` on. */
  claim(now: Date): { owner_id: string; lease_expires_at: Date } {
    return { owner_id: this.ownerId, lease_expires_at: this.leaseUntil(now.getTime()) };
  }
}
