import { REDACTED, redactUrl } from '../../logging/redact';
import { BackupSimulator, DEFAULT_SIMULATOR_OPTIONS } from './backup-simulator';
import { demoCatalog } from './sha-catalog';
import { DEFAULT_SHA_OPTIONS, ShaBackupSimulator } from './sha-simulator';

const num = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
const list = (name: string): string[] =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** SIM_KIND=sha: the SHA appliance's backup API, faults included. */
function shaSimulator(): ShaBackupSimulator {
  return new ShaBackupSimulator({
    startLatencyMs: num('SIM_START_LATENCY_MS', DEFAULT_SHA_OPTIONS.startLatencyMs),
    jobDurationMs: num('SIM_JOB_DURATION_MS', DEFAULT_SHA_OPTIONS.jobDurationMs),
    totalBytes: num('SIM_TOTAL_BYTES', DEFAULT_SHA_OPTIONS.totalBytes),
    unknownVms: list('SIM_UNKNOWN_VMS'),
    failMidJobVms: list('SIM_FAIL_MID_JOB_VMS'),
    dropStartReplyVms: list('SIM_DROP_START_REPLY_VMS'),
    ...(process.env.SIM_REPOSITORIES ? { repositories: list('SIM_REPOSITORIES') } : {}),
    // SIM_CATALOG_VMS: serve an appliance catalog of that many VMs in SIM_CATALOG_GROUPS groups (it then knows only those VMs).
    ...(process.env.SIM_CATALOG_VMS ? { catalog: demoCatalog(num('SIM_CATALOG_VMS', 6), num('SIM_CATALOG_GROUPS', 2)) } : {}),
    token: process.env.SIM_TOKEN || undefined,
  });
}

/** `npm run simulator`: a backup API simulator on its own (SIM_KIND engine or sha), configured by SIM_* variables. */
async function main(): Promise<void> {
  if (process.env.SIM_KIND === 'sha') return serve(shaSimulator(), { kind: 'sha' });
  const simulator = new BackupSimulator({
    startLatencyMs: num('SIM_START_LATENCY_MS', DEFAULT_SIMULATOR_OPTIONS.startLatencyMs),
    jobDurationMs: num('SIM_JOB_DURATION_MS', DEFAULT_SIMULATOR_OPTIONS.jobDurationMs),
    totalBytes: num('SIM_TOTAL_BYTES', DEFAULT_SIMULATOR_OPTIONS.totalBytes),
    failureRate: num('SIM_FAILURE_RATE', 0),
    failStartVms: list('SIM_FAIL_START_VMS'),
    failMidJobVms: list('SIM_FAIL_MID_JOB_VMS'),
    telemetryUrl: process.env.SIM_TELEMETRY_URL || undefined,
    telemetryToken: process.env.SIM_TELEMETRY_TOKEN || undefined,
    telemetryIntervalMs: num('SIM_TELEMETRY_INTERVAL_MS', DEFAULT_SIMULATOR_OPTIONS.telemetryIntervalMs),
    token: process.env.SIM_TOKEN || undefined,
  });
  await serve(simulator, { kind: 'engine', options: shownOptions(simulator.options) });
}

/** The options as the start-up line shows them: tokens are secrets, the telemetry URL loses its user-info. */
function shownOptions(options: BackupSimulator['options']): Record<string, unknown> {
  const { token, telemetryToken, telemetryUrl, ...rest } = options;
  return {
    ...rest,
    token: token ? REDACTED : undefined,
    telemetryToken: telemetryToken ? REDACTED : undefined,
    telemetryUrl: telemetryUrl ? redactUrl(telemetryUrl) : undefined,
  };
}

async function serve(
  simulator: { listen(port: number, host: string): Promise<string>; close(): Promise<void> },
  about: Record<string, unknown>,
): Promise<void> {
  const url = await simulator.listen(num('SIM_PORT', 9090), process.env.SIM_HOST ?? '127.0.0.1');
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'backup API simulator listening', url, ...about }) + '\n');
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
