import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Compiled (benchmarks): the built engine (or BENCH_ENGINE_ENTRY, another build to compare); from TypeScript (tests): src/main.ts through ts-node. */
function engineEntry(): string[] {
  if (process.env.BENCH_ENGINE_ENTRY) return [process.env.BENCH_ENGINE_ENTRY];
  return __filename.endsWith('.js')
    ? [join(__dirname, '..', 'src', 'main.js')]
    : ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'main.ts')];
}

/** The engine as a separate process, for crash and replica tests and for benchmarks. */
export class EngineProcess {
  private child?: ChildProcess;
  output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the engine and waits until /health answers; returns how long that took (ms). */
  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, ...engineEntry()], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(this.port), LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`engine exited with ${child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`engine did not become healthy within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hooks, exactly like a crash. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: a normal shutdown. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** Asks the engine for a heap snapshot (when started with --heapsnapshot-signal=SIGUSR2 in BENCH_ENGINE_NODE_ARGS). */
  requestHeapSnapshot(): void {
    this.child?.kill('SIGUSR2');
  }

  /** Resident set size of the engine process, in MB. */
  rssMb(): number {
    if (!this.child?.pid) return 0;
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  }

  /** CPU seconds (user + system) the engine process has used so far. */
  cpuSeconds(): number {
    if (!this.child?.pid) return 0;
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as T };
  }

  /** Like api(), for callers that only go on when the call succeeded. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.api<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}
