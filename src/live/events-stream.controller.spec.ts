import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { JsonLogger } from '../logging/json-logger';
import { ChangeEventRepository } from './change-event.repository';
import { ChangeStream } from './change-stream.service';
import { EventsStreamController } from './events-stream.controller';

/** A reply whose raw response records what was written and can be closed by the client. */
function connection() {
  const written: string[] = [];
  const raw = Object.assign(new EventEmitter(), { writeHead: () => raw, write: (text: string) => written.push(text) > 0, end: () => undefined });
  Object.assign(raw, { statusCode: 200 });
  const reply = { raw, hijack: () => reply, getHeaders: () => ({ 'x-request-id': 'r-1' }), elapsedTime: 1234.4 } as unknown as FastifyReply;
  const request = {
    id: 'r-1',
    method: 'GET',
    url: '/api/v1/events/stream?access_token=s3cret-token&last_event_id=4',
    routeOptions: { url: '/api/v1/events/stream' },
    ip: '127.0.0.1',
    headers: { 'user-agent': 'console' },
  } as unknown as FastifyRequest;
  return { client: raw, reply, request, written };
}

/** A logger whose JSON lines are kept. */
function recordingLogger(): { logger: JsonLogger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger(Object.assign(new AppConfig(), { LOG_LEVEL: 'info' }), {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

describe('EventsStreamController', () => {
  it('leaves no subscription behind when the client goes away while the subscription is being set up', async () => {
    let answerLastId: (id: number) => void = () => undefined;
    const events = { lastId: () => new Promise<number>((resolve) => (answerLastId = resolve)) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const controller = new EventsStreamController(stream, recordingLogger().logger);
    const { client, reply, request } = connection();

    const streaming = controller.streamEvents(request, reply);
    client.emit('close'); // gone before the journal's position was read
    answerLastId(41);
    await streaming;

    expect(stream.subscriberCount).toBe(0);
    stream.beforeApplicationShutdown();
  });

  it('keeps a connected client subscribed until it closes', async () => {
    const events = { lastId: () => Promise.resolve(41) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const { client, reply, request, written } = connection();
    const { logger, lines } = recordingLogger();

    await new EventsStreamController(stream, logger).streamEvents(request, reply);
    expect({ subscribers: stream.subscriberCount, first: written[0], lines: lines.length }).toEqual({ subscribers: 1, first: 'retry: 2000\n\n', lines: 0 });
    client.emit('close');
    expect(stream.subscriberCount).toBe(0);
    // The connection is audited when it ends, with the token redacted.
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'stream closed',
        request_id: 'r-1',
        url: '/api/v1/events/stream?access_token=[redacted]&last_event_id=4',
        duration_ms: 1234,
        remote_address: '127.0.0.1',
        events_sent: 0,
      }),
    ]);
    stream.beforeApplicationShutdown();
  });
});
