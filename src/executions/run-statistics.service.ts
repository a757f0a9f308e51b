import { Injectable } from '@nestjs/common';
import { DispatchBoard } from './dispatch/dispatch-board';
import { ExecutionCounts, ExecutionStatisticsRepository } from './execution-statistics.repository';

/** Run counts: for the flows summary ("today" starts at the given instant; a warning counts as failed) and for metrics. */
@Injectable()
export class RunStatistics {
  constructor(
    private readonly executions: ExecutionStatisticsRepository,
    private readonly board: DispatchBoard,
  ) {}

  countSince(since: Date): Promise<ExecutionCounts> {
    return this.executions.countsSince(since);
  }

  /** What this replica drives now. */
  live(): { executions: number; jobsInFlight: number } {
    return { executions: this.board.executionIds().length, jobsInFlight: this.board.inFlightCount };
  }

  /** Each flow's latest successful run (one grouped query). */
  lastSuccessByFlow(): Promise<Map<string, Date>> {
    return this.executions.lastSuccessByFlow();
  }
}
