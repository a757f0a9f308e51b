import { ExecutionLog } from '../../src/executions/execution-log';

interface Line {
  step: string;
  message?: string;
  fields?: Record<string, unknown>;
}

/** An execution log that keeps its lines in memory. */
export class QuietExecutionLog {
  readonly lines: Line[] = [];

  get steps(): string[] {
    return this.lines.map((l) => l.step);
  }

  record(_execution: unknown, _level: string, step: string, message?: string, fields?: Record<string, unknown>): void {
    this.lines.push({ step, message, fields });
  }
  info(_execution: unknown, step: string, message?: string, fields?: Record<string, unknown>): void {
    this.lines.push({ step, message, fields });
  }
  warn(_execution: unknown, step: string, message?: string, fields?: Record<string, unknown>): void {
    this.lines.push({ step, message, fields });
  }
  error(_execution: unknown, step: string, message?: string, fields?: Record<string, unknown>): void {
    this.lines.push({ step, message, fields });
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }

  asLog(): ExecutionLog {
    return this as unknown as ExecutionLog;
  }
}
