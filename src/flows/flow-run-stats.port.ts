/** Counts of executions the flows summary shows; "today" starts at the given instant. */
export interface ExecutionCounts {
  running: number;
  total_today: number;
  successful_today: number;
  failed_today: number;
}

/**
 * What the flows summary needs to know about runs. The executions module provides it; flows
 * only know this port, so the two modules do not depend on each other in a circle.
 */
export abstract class FlowRunStats {
  abstract countExecutions(since: Date): Promise<ExecutionCounts>;
}
