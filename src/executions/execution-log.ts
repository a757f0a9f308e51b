import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { EventLevel } from './execution-event.entity';
import { ExecutionEventRepository, NewExecutionEvent } from './execution-event.repository';
import { describeError } from '../common/describe-error';

export interface ExecutionRef {
  id: string;
  flow_id: string;
}

const FLUSH_EVERY_MS = 100;
const FLUSH_AT = 500;

/**
 * The job log: every step of an execution becomes an event row and a JSON log line carrying the
 * flow and execution ids. Rows are written in batches so a 1,000-VM run does not pay one insert
 * per step; `flush()` makes everything logged so far durable (the finisher calls it).
 */
@Injectable()
export class ExecutionLog implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Executions');
  private buffer: NewExecutionEvent[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly events: ExecutionEventRepository) {}

  record(execution: ExecutionRef, level: EventLevel, step: string, message: string, data: Record<string, unknown> = {}): void {
    const line = { msg: message, step, flow_id: execution.flow_id, execution_id: execution.id, ...data };
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else if (level === 'debug') this.logger.debug(line);
    else this.logger.log(line);
    this.buffer.push({
      execution_id: execution.id,
      at: new Date(),
      level,
      step,
      message,
      data: Object.keys(data).length ? data : null,
    });
    if (this.buffer.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
  }

  info(execution: ExecutionRef, step: string, message: string, data?: Record<string, unknown>): void {
    this.record(execution, 'info', step, message, data);
  }

  warn(execution: ExecutionRef, step: string, message: string, data?: Record<string, unknown>): void {
    this.record(execution, 'warn', step, message, data);
  }

  error(execution: ExecutionRef, step: string, message: string, data?: Record<string, unknown>): void {
    this.record(execution, 'error', step, message, data);
  }

  /** Writes every buffered event; concurrent calls wait for the same write. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(batch: NewExecutionEvent[]): Promise<void> {
    for (let i = 0; i < batch.length; i += FLUSH_AT) {
      try {
        await this.events.insertMany(batch.slice(i, i + FLUSH_AT));
      } catch (err) {
        // An event for an execution deleted meanwhile (FK) must not take the others down.
        this.logger.warn({ msg: 'could not write execution events', error: describeError(err) });
      }
    }
  }
}
