import { ClientRequest, get, IncomingMessage } from 'node:http';

export interface StreamedEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** A minimal Server-Sent Events client for tests: collects events, and waits for the ones asked for. */
export class SseClient {
  readonly events: StreamedEvent[] = [];
  comments = 0;
  private request?: ClientRequest;
  private response?: IncomingMessage;
  private waiters: Array<() => void> = [];

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    await client.open(url, headers);
    return client;
  }

  get status(): number | undefined {
    return this.response?.statusCode;
  }

  get contentType(): string | undefined {
    return this.response?.headers['content-type'];
  }

  /** Waits for an event matching `match` (among those already received, too). */
  async next(match: (event: StreamedEvent) => boolean, timeoutMs = 15_000): Promise<StreamedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got: ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request?.destroy();
  }

  private open(url: string, headers: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.request = get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
        this.response = response;
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            this.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        resolve();
      });
      this.request.on('error', (err) => (this.response ? undefined : reject(err)));
    });
  }

  private parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
    }
    if (fields.event && fields.data) {
      this.events.push({ id: Number(fields.id), event: fields.event, data: JSON.parse(fields.data) as Record<string, unknown> });
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((wake) => wake());
    }
  }
}
