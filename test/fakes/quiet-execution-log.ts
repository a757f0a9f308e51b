import { ExecutionLog } from '../../src/executions/execution-log';

/** An execution log that keeps its lines in memory (steps only). */
export class QuietExecutionLog {
  readonly steps: string[] = [];

  record(_execution: unknown, _level: string, step: string): void {
    this.steps.push(step);
  }
  info(_execution: unknown, step: string): void {
    this.steps.push(step);
  }
  warn(_execution: unknown, step: string): void {
    this.steps.push(step);
  }
  error(_execution: unknown, step: string): void {
    this.steps.push(step);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }

  asLog(): ExecutionLog {
    return this as unknown as ExecutionLog;
  }
}
