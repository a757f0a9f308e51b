import { createConnection } from 'mysql2/promise';

/** Shared plumbing for benchmarks: arguments, a fresh database, percentiles. */
export function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

/** A fresh MariaDB database next to TEST_DATABASE_URL (or mysql://root@127.0.0.1:3306/test). */
export async function freshMysqlDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/test');
  const name = `bench_${label}_${process.pid}`;
  const server = new URL(base.toString());
  server.pathname = '/';
  const admin = async (sql: string) => {
    const c = await createConnection({ uri: server.toString() });
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE \`${name}\``);
  base.pathname = `/${name}`;
  return { url: base.toString(), drop: () => admin(`DROP DATABASE IF EXISTS \`${name}\``) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
