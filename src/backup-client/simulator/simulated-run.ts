import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BackupStatus } from '../backup-api.port';

/** When a simulated backup runs, and whether (and how far in) it fails. */
export class SimulatedRun {
  constructor(
    readonly startedAt: number,
    readonly durationMs: number,
    /** Fraction of the run at which it fails, or null when it succeeds. */
    readonly failAt: number | null,
  ) {}

  get endsAt(): number {
    return this.failAt === null ? this.startedAt + this.durationMs : this.startedAt + this.durationMs * this.failAt;
  }

  status(now: number): BackupStatus {
    if (now < this.endsAt) return 'running';
    return this.failAt === null ? 'completed' : 'failed';
  }

  /** How far the transfer got, 0–1. */
  fraction(now: number): number {
    return Math.min(1, Math.max(0, (Math.min(now, this.endsAt) - this.startedAt) / Math.max(1, this.durationMs)));
  }

  errorMessage(): string | null {
    return this.failAt === null ? null : `disk read error at ${Math.round(this.failAt * 100)}%`;
  }
}

/** Counts backups of the same VM running at once, and in all. */
export class ConcurrencyMeter {
  max = 0;
  readonly maxPerVm: Record<string, number> = {};

  record(running: Array<{ vm: string }>, vm: string): void {
    this.max = Math.max(this.max, running.length);
    this.maxPerVm[vm] = Math.max(this.maxPerVm[vm] ?? 0, running.filter((r) => r.vm === vm).length);
  }

  reset(): void {
    this.max = 0;
    for (const key of Object.keys(this.maxPerVm)) delete this.maxPerVm[key];
  }
}

/** The HTTP server of a simulator: listen on a port, close with every connection. */
export class SimulatorServer {
  private server?: Server;
  url?: string;

  constructor(private readonly handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
