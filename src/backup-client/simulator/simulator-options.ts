export interface SimulatorOptions {
  /** How long a start call takes to answer. */
  startLatencyMs: number;
  /** How long a backup runs once started. */
  jobDurationMs: number;
  /** Size of every backup. */
  totalBytes: number;
  /** Chance (0–1) that a backup fails half-way. */
  failureRate: number;
  /** VM names whose start is refused (422). */
  failStartVms: string[];
  /** VM names whose backup fails half-way. */
  failMidJobVms: string[];
  /** VM name → how many of its next backups fail half-way before one succeeds. */
  transientMidJobFailures: Record<string, number>;
  /** VM name → how many of its next start calls answer 503 before one succeeds. */
  transientStartFailures: Record<string, number>;
  /** Engine base URL to push telemetry to (POST /api/v1/telemetry/backup/{id}); unset: no push. */
  telemetryUrl?: string;
  telemetryToken?: string;
  /** Progress pushes while running, at most this often; completion is pushed at once. */
  telemetryIntervalMs: number;
  /** When set, calls need `Authorization: Bearer <token>`. */
  token?: string;
}

export const DEFAULT_SIMULATOR_OPTIONS: SimulatorOptions = {
  startLatencyMs: 50,
  jobDurationMs: 5000,
  totalBytes: 10 * 1024 ** 3,
  failureRate: 0,
  failStartVms: [],
  failMidJobVms: [],
  transientStartFailures: {},
  transientMidJobFailures: {},
  telemetryIntervalMs: 1000,
};

export interface SimulatorStats {
  /** Backups created per VM name (idempotent repeats not counted). */
  starts: Record<string, number>;
  /** Start calls received per VM name, refused and repeated ones included. */
  startCalls: Record<string, number>;
  /** Most backups running at the same moment. */
  maxConcurrent: number;
  /** Per VM name: most backups of that VM running at the same moment (more than 1 means it was backed up twice at once). */
  maxConcurrentPerVm: Record<string, number>;
  telemetryPushes: number;
  telemetryFailures: number;
}
