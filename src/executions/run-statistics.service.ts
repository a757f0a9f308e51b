import { Injectable } from '@nestjs/common';
import { FlowDispatcher } from './dispatch/flow-dispatcher.service';
import { ExecutionStatisticsRepository } from './execution-statistics.repository';

/** Run statistics for metrics: what this replica drives, and each flow's latest success. */
@Injectable()
export class RunStatistics {
  constructor(
    private readonly executions: ExecutionStatisticsRepository,
    private readonly dispatcher: FlowDispatcher,
  ) {}

  /** What this replica drives now. */
  live(): { executions: number; jobsInFlight: number } {
    return this.dispatcher.live();
  }

  /** Each flow's latest successful run (one grouped query). */
  lastSuccessByFlow(): Promise<Map<string, Date>> {
    return this.executions.lastSuccessByFlow();
  }
}
