import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { ChangeEventRepository } from './change-event.repository';
import { ChangeStream } from './change-stream.service';
import { EventsStreamController } from './events-stream.controller';

/** A reply whose raw response records what was written and can be closed by the client. */
function connection() {
  const written: string[] = [];
  const raw = Object.assign(new EventEmitter(), { writeHead: () => raw, write: (text: string) => written.push(text) > 0, end: () => undefined });
  const reply = { raw, hijack: () => reply, getHeaders: () => ({ 'x-request-id': 'r-1' }) } as unknown as FastifyReply;
  return { client: raw, reply, written };
}

describe('EventsStreamController', () => {
  it('leaves no subscription behind when the client goes away while the subscription is being set up', async () => {
    let answerLastId: (id: number) => void = () => undefined;
    const events = { lastId: () => new Promise<number>((resolve) => (answerLastId = resolve)) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const controller = new EventsStreamController(stream);
    const { client, reply } = connection();

    const streaming = controller.streamEvents(reply);
    client.emit('close'); // gone before the journal's position was read
    answerLastId(41);
    await streaming;

    expect(stream.subscriberCount).toBe(0);
    stream.beforeApplicationShutdown();
  });

  it('keeps a connected client subscribed until it closes', async () => {
    const events = { lastId: () => Promise.resolve(41) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const { client, reply, written } = connection();

    await new EventsStreamController(stream).streamEvents(reply);
    expect({ subscribers: stream.subscriberCount, first: written[0] }).toEqual({ subscribers: 1, first: 'retry: 2000\n\n' });
    client.emit('close');
    expect(stream.subscriberCount).toBe(0);
    stream.beforeApplicationShutdown();
  });
});
