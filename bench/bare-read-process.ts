import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** bare-read-server.ts in a process of its own, like the engine it is compared with. */
export class BareReadServer {
  private child?: ChildProcess;
  readonly url: string;

  constructor(
    private readonly port: number,
    private readonly databaseUrl: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  start(): Promise<void> {
    const child = spawn(process.execPath, [join(__dirname, 'bare-read-server.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(this.port), DATABASE_URL: this.databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`bare read server exited with ${code}`)));
    });
  }

  /** CPU seconds the process has used (user + system). */
  cpuSeconds(): number {
    if (!this.child?.pid) return 0;
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
