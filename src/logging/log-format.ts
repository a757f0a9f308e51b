import pino, { LoggerOptions } from 'pino';
import { LogLevel } from '../config/app-config';

/** One JSON object per line: ISO time, the level by name, the message as `msg`. */
export const LOG_FORMAT: LoggerOptions = {
  messageKey: 'msg',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  base: undefined,
};

/** For what is logged before (or instead of) the application: configuration errors, start-up failures. */
export function bootLogger(level: LogLevel = 'info'): pino.Logger {
  return pino({ ...LOG_FORMAT, level });
}
