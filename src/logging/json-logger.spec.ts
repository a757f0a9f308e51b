import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, LogLevel } from '../config/app-config';
import { logAccess } from './access-log';
import { JsonLogger } from './json-logger';

/** A logger writing into an array of parsed lines. */
function capture(level: LogLevel): { logger: JsonLogger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: new JsonLogger(Object.assign(new AppConfig(), { LOG_LEVEL: level }), destination), lines };
}

describe('JsonLogger', () => {
  it("writes Nest's calls as one JSON line each: the context, an object's fields, an error's stack", () => {
    const { logger, lines } = capture('info');
    logger.log({ msg: 'Execution started', flow_id: 'f-1', execution_id: 'e-1' }, 'Executions');
    logger.warn('plain sentence', 'Scheduler');
    logger.error('handler failed', 'Error: boom\n    at handler (x.ts:1:1)', 'ExceptionsHandler');
    logger.debug('not at info', 'Scheduler');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'Executions', msg: 'Execution started', flow_id: 'f-1', execution_id: 'e-1' }),
      expect.objectContaining({ level: 'warn', context: 'Scheduler', msg: 'plain sentence' }),
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        err: expect.objectContaining({ message: 'handler failed', stack: expect.stringContaining('at handler') }),
      }),
    ]);
  });
});

describe('logAccess', () => {
  const request = {
    id: 'req-7',
    method: 'GET',
    url: '/api/v1/protection-flows/f-1?x=1',
    routeOptions: { url: '/api/v1/protection-flows/:id' },
  } as unknown as FastifyRequest;
  const reply = (statusCode: number) => ({ statusCode, elapsedTime: 3.4 }) as unknown as FastifyReply;

  it('writes one line per answer with the request id and the route template, at a level by status', () => {
    const { logger, lines } = capture('info');
    const hook = logAccess(logger);
    hook(request, reply(200), () => undefined);
    hook(request, reply(404), () => undefined);
    hook(request, reply(503), () => undefined);
    expect(lines.map((l) => [l.level, l.msg, l.status])).toEqual([
      ['info', 'request completed', 200],
      ['warn', 'request completed', 404],
      ['error', 'request failed', 503],
    ]);
    expect(lines[0]).toMatchObject({ request_id: 'req-7', method: 'GET', route: '/api/v1/protection-flows/:id', duration_ms: 3 });
  });

  it('writes nothing below the configured level, and always lets the request go on', () => {
    const { logger, lines } = capture('warn');
    const done = jest.fn();
    logAccess(logger)(request, reply(200), done);
    expect({ lines: lines.length, continued: done.mock.calls.length }).toEqual({ lines: 0, continued: 1 });
  });
});
