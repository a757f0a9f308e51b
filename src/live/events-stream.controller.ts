import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { logStreamClosed } from '../logging/access-log';
import { JsonLogger } from '../logging/json-logger';
import type { OutgoingHttpHeaders } from 'node:http';
import { ApiErrors } from '../common/api-docs';
import { AcceptsQueryToken } from '../security/public-route';
import { ChangeStream, StreamSubscriber } from './change-stream.service';

const HEARTBEAT_MS = 15_000;

const DESCRIPTION = `Server-Sent Events (text/event-stream): every change made through any replica, within about a second.
Each message has an \`id:\` (increasing), an \`event:\` name and JSON \`data:\`. Reconnecting with the
\`Last-Event-ID\` header (browsers' EventSource sends it by itself) or \`?last_event_id=\` resumes after that
event; events are kept 10 minutes. A comment line (\`: heartbeat\`) comes every 15 s. With API_TOKEN set,
the token goes in the Authorization header or, for EventSource (which cannot set headers), \`?access_token=\`.

Events and their data:
- \`flow.created\` {flow_id, name}; \`flow.updated\` {flow_id, …the fields that changed}; \`flow.deleted\` {flow_id}
- \`flow.unscheduled\` {flow_id, schedule_name, notice}; \`flow.policy_removed\` {flow_id, policy_name, notice} — its schedule or policy was deleted (with detach)
- \`execution.started\` {execution_id, flow_id, execution_type, status: running|pending}
- \`execution.progress\` {execution_id, flow_id, jobs_completed, jobs_failed, jobs_running, jobs_queued} — when a job of the run ends
- \`execution.finished\` {execution_id, flow_id, outcome: success|warning|error|cancelled}
- \`job.updated\` {execution_id, flow_id, job_id, vm_name, status, progress_percent?, bytes_transferred?, error_message?} — status changes, and progress at most every 2 s per job
- \`occurrence.recorded\` {flow_id, occurrence_id, scheduled_at, outcome, execution_id}`;

@ApiTags('events')
@Controller('events')
export class EventsStreamController {
  constructor(
    private readonly stream: ChangeStream,
    private readonly logger: JsonLogger,
  ) {}

  /** The live change stream (Server-Sent Events); see the description for the events. */
  @Get('stream')
  @AcceptsQueryToken()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: DESCRIPTION, content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiQuery({ name: 'last_event_id', required: false, type: Number, description: 'Resume after this event (instead of the Last-Event-ID header)' })
  @ApiQuery({ name: 'access_token', required: false, type: String, description: 'The API token, for clients that cannot set the Authorization header' })
  @ApiErrors(401)
  async streamEvents(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') header?: string,
    @Query('last_event_id') query?: string,
  ): Promise<void> {
    // The stream is written straight to the socket; headers set so far (request id, CORS) go with it.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');
    const resumeAfter = parseEventId(header ?? query);
    // Listened for before subscribing: a client gone while the subscription is set up must not leave it behind.
    const open: { closed: boolean; sent: number; unsubscribe?: () => void; heartbeat?: NodeJS.Timeout } = { closed: false, sent: 0 };
    const remoteAddress = request.ip;
    res.on('close', () => {
      open.closed = true;
      logStreamClosed(this.logger, request, reply, { remoteAddress, eventsSent: open.sent });
      clearInterval(open.heartbeat);
      open.unsubscribe?.();
    });
    const subscriber: StreamSubscriber = {
      send: (event) => {
        open.sent++;
        return res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.payload ?? {})}\n\n`);
      },
      close: () => res.end(),
    };
    open.unsubscribe = await this.stream.subscribe(subscriber, resumeAfter).catch((err: unknown) => {
      res.end(); // the status line is sent: end it, and the client reconnects (retry: 2000)
      throw err;
    });
    if (open.closed) return open.unsubscribe();
    open.heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  }
}

function parseEventId(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}
