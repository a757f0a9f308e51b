import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync, ValidationError } from 'class-validator';
import { cidrList } from '../security/cidr';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value);

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};

const emptyToUndefined = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const BACKUP_API_KINDS = ['engine', 'sha'] as const;
export const CATALOG_SOURCES = ['local', 'appliance'] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];
export type BackupApiKind = (typeof BACKUP_API_KINDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Engine configuration, read from environment variables (README: Configuration) and validated at start-up. */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'API_TOKEN must be at least 8 characters long' })
  API_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^mysql:\/\/[^/]+\/[A-Za-z0-9_$-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:pass@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  SQLITE_PATH = './data/engine.sqlite';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'BACKUP_API_URL must be an http:// or https:// URL' })
  BACKUP_API_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BACKUP_API_TOKEN?: string;

  /** Which backup API speaks at BACKUP_API_URL: the engine's own contract, or the SHA appliance's. */
  @IsIn(BACKUP_API_KINDS)
  BACKUP_API_KIND: BackupApiKind = 'engine';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  ENGINE_MAX_CONCURRENT_JOBS = 50;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  JOB_POLL_INTERVAL_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  JOB_STALE_TIMEOUT_MS = 1_800_000;

  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  SCHEDULER_RECONCILE_MS = 5000;

  /** The scheduled flows are divided into this many shares; each replica schedules the flows of the shares it holds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(4096)
  SCHEDULER_SHARES = 256;

  /** How long a replica's hold on its shares lasts without renewal (takeover after a crash). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SCHEDULER_SHARE_LEASE_MS = 20_000;

  /** How often a replica renews its shares and rebalances them with the other replicas. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  SCHEDULER_SHARE_RENEW_MS = 5000;

  /** How long a replica's claim on a running execution lasts without renewal (takeover after a crash). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  EXECUTION_LEASE_MS = 30_000;

  /** The first retry of a failed webhook delivery waits this long; each next one twice as long (at most an hour), for 24 h. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  NOTIFICATION_RETRY_BASE_MS = 5000;

  /** true: /metrics also exports each flow's last successful run time (a label per flow). */
  @Transform(toBool)
  @IsBoolean()
  METRICS_PER_FLOW = false;

  /** Origins (comma-separated) whose pages may call the API from a browser; unset: no CORS headers at all. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://gui.example.com,http://localhost:5173',
  })
  CORS_ORIGINS?: string;

  /** `appliance`: VM contexts, groups and repositories come from the Sendense appliance's catalog (with BACKUP_API_KIND=sha). */
  @IsIn(CATALOG_SOURCES)
  CATALOG_SOURCE: CatalogSource = 'local';

  /** How often the appliance's catalog is read (CATALOG_SOURCE=appliance). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  CATALOG_SYNC_INTERVAL_MS = 60_000;

  /** More `Host` names the engine answers to (comma-separated; `*.example.com` for a domain): loopback names and the bind address always work. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*(\*\.)?[\w.:[\]-]+\s*(,\s*(\*\.)?[\w.:[\]-]+\s*)*$/, {
    message: 'ALLOWED_HOSTS must be a comma-separated list of host names such as engine.example.com,*.backup.example.com',
  })
  ALLOWED_HOSTS?: string;

  /** Private address ranges webhooks may reach (comma-separated CIDRs); by default loopback, link-local, private and metadata addresses are refused. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsCidrList()
  NOTIFICATION_ALLOWED_CIDRS?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';
}

/** A comma-separated list of CIDRs (10.0.0.0/8, fd00::/8, or single addresses). */
function IsCidrList(): PropertyDecorator {
  return ValidateBy({
    name: 'isCidrList',
    validator: {
      validate: (value: unknown) => {
        try {
          return typeof value === 'string' && (cidrList(value), true);
        } catch {
          return false;
        }
      },
      defaultMessage: () => 'NOTIFICATION_ALLOWED_CIDRS must be a comma-separated list of address ranges such as 10.0.0.0/8,fd00::/8',
    },
  });
}

/** The CORS_ORIGINS list, or none. */
export function corsOrigins(config: Pick<AppConfig, 'CORS_ORIGINS'>): string[] {
  return (config.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

const KNOWN_KEYS = Object.keys(new AppConfig());
const OPTIONAL_KEYS = ['API_TOKEN', 'DATABASE_URL', 'BACKUP_API_URL', 'BACKUP_API_TOKEN', 'CORS_ORIGINS', 'ALLOWED_HOSTS', 'NOTIFICATION_ALLOWED_CIDRS'];

/** localhost, 127.x.y.z, ::1 (bracketed or not). */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The ALLOWED_HOSTS list, lower-cased. */
export function allowedHosts(config: Pick<AppConfig, 'ALLOWED_HOSTS'>): string[] {
  return (config.ALLOWED_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => (msg.startsWith(e.property) ? msg : `${e.property}: ${msg}`)));
}

/**
 * Builds the configuration from an environment map. Unset or empty variables take their
 * defaults; a bad value throws ConfigValidationError naming the variable.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of [...KNOWN_KEYS, ...OPTIONAL_KEYS]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = Object.assign(new AppConfig(), plainToInstance(AppConfig, raw));
  const problems = describe(validateSync(config, { stopAtFirstError: true }));
  if (problems.length === 0 && !isLoopback(config.HOST) && !config.API_TOKEN) {
    problems.push(`HOST: binding to ${config.HOST} (beyond loopback) requires API_TOKEN to be set`);
  }
  if (config.CATALOG_SOURCE === 'appliance' && config.BACKUP_API_KIND !== 'sha') {
    problems.push('CATALOG_SOURCE: appliance needs BACKUP_API_KIND=sha (the catalog comes from the Sendense appliance)');
  }
  if (problems.length === 0 && config.SCHEDULER_SHARE_RENEW_MS * 2 > config.SCHEDULER_SHARE_LEASE_MS) {
    problems.push('SCHEDULER_SHARE_RENEW_MS: must be at most half of SCHEDULER_SHARE_LEASE_MS, so a live replica renews its shares before they lapse');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
