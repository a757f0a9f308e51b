import { Injectable } from '@nestjs/common';
import { ExecutionCounts, ExecutionRepository } from './execution.repository';

/** Run counts for the flows summary; "today" starts at the given instant. A warning counts as failed. */
@Injectable()
export class RunStatistics {
  constructor(private readonly executions: ExecutionRepository) {}

  countSince(since: Date): Promise<ExecutionCounts> {
    return this.executions.countsSince(since);
  }
}
