import { Inject, Injectable, LoggerService, Optional } from '@nestjs/common';
import pino, { DestinationStream, Level } from 'pino';
import { AppConfig } from '../config/app-config';
import { LOG_FORMAT } from './log-format';

/** Where the lines go when not stdout (tests). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** Nest's exception handlers pass (message, stack) to error(): the stack becomes the error's. */
const STACK = /\n\s*at /;

/**
 * Nest's logger as JSON lines through one pino instance. `new Logger('Executions').log({...})`
 * becomes one line with `context: 'Executions'` and the object's fields. No per-request child
 * logger and no async context: lines about a request carry its id because the code writing them
 * passes it (access lines, errors, runs started by an API call).
 */
@Injectable()
export class JsonLogger implements LoggerService {
  readonly pino: pino.Logger;

  constructor(config: AppConfig, @Optional() @Inject(LOG_DESTINATION) destination?: DestinationStream) {
    this.pino = destination ? pino({ ...LOG_FORMAT, level: config.LOG_LEVEL }, destination) : pino({ ...LOG_FORMAT, level: config.LOG_LEVEL });
  }

  isEnabled(level: Level): boolean {
    return this.pino.isLevelEnabled(level);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context (the Logger's name) last. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = params.length > 0 ? params.slice(0, -1) : [];
    if (params.length > 0) fields.context = params[params.length - 1];
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message });
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ ...fields, ...message });
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.pino[level]({ ...fields, err });
    } else {
      this.pino[level]({ ...fields, ...(rest.length > 0 ? { details: rest } : {}) }, String(message));
    }
  }
}
