import { Injectable } from '@nestjs/common';
import { DispatchBoard } from './dispatch/dispatch-board';
import { ExecutionStatisticsRepository } from './execution-statistics.repository';

/** Run statistics for metrics: what this replica drives, and each flow's latest success. */
@Injectable()
export class RunStatistics {
  constructor(
    private readonly executions: ExecutionStatisticsRepository,
    private readonly board: DispatchBoard,
  ) {}

  /** What this replica drives now. */
  live(): { executions: number; jobsInFlight: number } {
    return { executions: this.board.executionIds().length, jobsInFlight: this.board.inFlightCount };
  }

  /** Each flow's latest successful run (one grouped query). */
  lastSuccessByFlow(): Promise<Map<string, Date>> {
    return this.executions.lastSuccessByFlow();
  }
}
