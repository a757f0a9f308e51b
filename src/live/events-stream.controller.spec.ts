import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { ChangeEventRepository } from './change-event.repository';
import { ChangeStream } from './change-stream.service';
import { EventsStreamController } from './events-stream.controller';

/** A response that records what was written; a request that can be closed by the client. */
function connection() {
  const written: string[] = [];
  const res = { writeHead: () => res, write: (text: string) => written.push(text) > 0, end: () => undefined } as unknown as Response;
  return { req: new EventEmitter() as unknown as Request, res, written };
}

describe('EventsStreamController', () => {
  it('leaves no subscription behind when the client goes away while the subscription is being set up', async () => {
    let answerLastId: (id: number) => void = () => undefined;
    const events = { lastId: () => new Promise<number>((resolve) => (answerLastId = resolve)) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const controller = new EventsStreamController(stream);
    const { req, res } = connection();

    const streaming = controller.streamEvents(req, res);
    req.emit('close'); // gone before the journal's position was read
    answerLastId(41);
    await streaming;

    expect(stream.subscriberCount).toBe(0);
    stream.beforeApplicationShutdown();
  });

  it('keeps a connected client subscribed until it closes', async () => {
    const events = { lastId: () => Promise.resolve(41) } as unknown as ChangeEventRepository;
    const stream = new ChangeStream(events);
    const { req, res, written } = connection();

    await new EventsStreamController(stream).streamEvents(req, res);
    expect({ subscribers: stream.subscriberCount, first: written[0] }).toEqual({ subscribers: 1, first: 'retry: 2000\n\n' });
    req.emit('close');
    expect(stream.subscriberCount).toBe(0);
    stream.beforeApplicationShutdown();
  });
});
