import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Every environment variable Retort reads, with its default. `.env.example` documents the same list;
 * nothing outside src/config reads process.env.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  API_HOST = '0.0.0.0';

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  API_PORT = 3000;

  /**
   * API processes sharing the port (node's cluster module); a supervisor restarts any that dies.
   * More than one lets the API use more than one core for JSON and TLS-free HTTP work.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(64)
  API_PROCESSES = 1;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_HTTP_PORT = 3001;

  /** The built web app (web/dist) the API serves at `/`, relative to the working directory; absent: API only. */
  @IsString()
  @IsNotEmpty()
  WEB_DIST_DIR = 'web/dist';

  /** The public OIDC client the web app signs in with. */
  @IsString()
  @IsNotEmpty()
  WEB_OIDC_CLIENT_ID = 'retort-web';

  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  SHUTDOWN_GRACE_MS = 30_000;

  // PostgreSQL
  @IsString()
  @IsNotEmpty()
  DATABASE_HOST!: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  DATABASE_PORT = 5432;

  @IsString()
  @IsNotEmpty()
  DATABASE_USER!: string;

  @IsString()
  @IsNotEmpty()
  DATABASE_PASSWORD!: string;

  @IsString()
  @IsNotEmpty()
  DATABASE_NAME!: string;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_SSL = false;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_MIGRATIONS_RUN = true;

  // Redis (BullMQ)
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  /** Prefix of every BullMQ key: processes sharing it share queues. */
  @Matches(/^[A-Za-z0-9_-]{1,50}$/, { message: 'QUEUE_PREFIX must be 1-50 letters, digits, _ or -' })
  QUEUE_PREFIX = 'retort';

  // S3-compatible object storage
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  S3_ENDPOINT?: string;

  @IsString()
  @IsNotEmpty()
  S3_REGION = 'us-east-1';

  @IsString()
  @IsNotEmpty()
  S3_BUCKET!: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = true;

  /** Endpoint clients use for presigned URLs, when it differs from S3_ENDPOINT (e.g. inside compose). */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  S3_PUBLIC_ENDPOINT?: string;

  // User files
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  FILES_MAX_SIZE_BYTES = 5 * 1024 ** 3;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  FILES_USER_QUOTA_BYTES = 10 * 1024 ** 3;

  /** How long a direct (presigned) upload may stay unfinished before it is cleaned up. */
  @Transform(toInteger)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  FILES_UPLOAD_EXPIRY_S = 3600;

  /** A multipart upload that sends no byte for this long is answered 408 and its staged bytes removed. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(3600)
  FILES_UPLOAD_IDLE_TIMEOUT_S = 30;

  /** Lifetime of presigned download URLs (GET /files/:id/content?redirect=true). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  FILES_DOWNLOAD_URL_TTL_S = 300;

  // Keycloak
  @IsUrl(URL_OPTIONS)
  KEYCLOAK_URL!: string;

  @IsString()
  @IsNotEmpty()
  KEYCLOAK_REALM!: string;

  /** The `iss` claim tokens carry, when clients reach Keycloak under another name than the API does. */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  KEYCLOAK_ISSUER?: string;

  @IsString()
  @IsNotEmpty()
  KEYCLOAK_AUDIENCE = 'retort-api';

  @IsString()
  @IsNotEmpty()
  KEYCLOAK_SYNC_CLIENT_ID = 'retort-sync';

  @IsOptional()
  @IsString()
  KEYCLOAK_SYNC_CLIENT_SECRET?: string;

  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_TOLERANCE_S = 5;

  /** last_login is written at most once per this many seconds per user. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  USER_LAST_LOGIN_INTERVAL_S = 300;

  @Transform(toBoolean)
  @IsBoolean()
  USER_SYNC_ENABLED = true;

  @Transform(toInteger)
  @IsInt()
  @Min(60)
  USER_SYNC_INTERVAL_S = 3600;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  API_KEY_RATE_PER_MINUTE = 60;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  API_KEY_RATE_PER_DAY = 10_000;

  // Docker engine used by the workers
  @IsOptional()
  @Matches(/^(unix:\/\/\/.+|tcp:\/\/.+|https?:\/\/.+)$/, {
    message: 'DOCKER_HOST must look like unix:///var/run/docker.sock or tcp://host:2375',
  })
  DOCKER_HOST?: string;

  @IsString()
  @IsNotEmpty()
  SANDBOX_DEFAULT_IMAGE = 'retort/sandbox-python-scientific:1.0.0';

  // Calculations and their sandboxes
  /** Ad-hoc calculations (the user's own code rather than a tool). */
  @Transform(toBoolean)
  @IsBoolean()
  CALCULATIONS_ADHOC_ENABLED = true;

  /** Jobs one worker process runs at once; default: the number of CPUs. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY?: number;

  /** Calculations of one user running at once, across all workers. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  WORKER_PER_USER_CONCURRENCY = 4;

  /**
   * Seconds the worker keeps retrying its own steps after a calculation's code has started (following
   * the code and reading what it left while the Docker engine is unreachable; storing outputs and
   * logs, writing the end while storage or the database is), each outage its own window.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(86_400)
  WORKER_PLATFORM_RETRY_S = 600;

  /** Parameter sets one batch (sweep) may generate. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100_000)
  BATCHES_MAX_SIZE = 10_000;

  /** Defaults for ad-hoc calculations (tools carry their own). */
  @Transform(toInteger)
  @IsInt()
  @Min(16)
  SANDBOX_DEFAULT_MEMORY_MB = 512;

  @Transform(toNumber)
  @IsNumber()
  @Min(0.01)
  SANDBOX_DEFAULT_CPUS = 1;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  SANDBOX_DEFAULT_TIMEOUT_S = 300;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  SANDBOX_DEFAULT_MAX_OUTPUT_BYTES = 100 * 1024 * 1024;

  @Transform(toInteger)
  @IsInt()
  @Min(8)
  SANDBOX_PIDS_LIMIT = 256;

  /**
   * Everything a calculation can write (/work, /tmp, /dev/shm), by default (tools carry their own).
   * Held in tmpfs, whose pages the memory cgroup counts: a sandbox's cgroup holds memory plus disk.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(16)
  SANDBOX_DISK_MB = 1024;

  /** Size of the /tmp scratch space, carved out of the disk limit (at most a quarter of it). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  SANDBOX_TMPFS_MB = 256;

  /** stdout and stderr are each kept up to this many bytes; the rest is counted and dropped. */
  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  SANDBOX_LOG_MAX_BYTES = 1024 * 1024;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  SANDBOX_MAX_OUTPUT_FILES = 100;

  /** Between SIGTERM and SIGKILL when a running calculation is cancelled. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  SANDBOX_KILL_GRACE_S = 5;

  /**
   * Started sandboxes each worker keeps waiting for calculations (of the default image and disk and
   * output limits); each serves one calculation and is destroyed. 0 creates every sandbox on demand.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(32)
  SANDBOX_WARM_POOL_SIZE = 2;

  // Tools
  /** Comma-separated images tool versions may use; an entry ending in `*` is a prefix. */
  @IsString()
  @IsNotEmpty()
  TOOLS_ALLOWED_IMAGES = 'retort/sandbox-*';

  /** Comma-separated tool names whose versions may ask for network access (admins may always). */
  @IsOptional()
  @IsString()
  TOOLS_NETWORK_ALLOWED?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  TOOLS_MAX_CODE_BYTES = 256 * 1024;

  // Ceilings for any sandbox: tool defaults and calculation requests must stay within them.
  @Transform(toInteger)
  @IsInt()
  @Min(16)
  LIMITS_MAX_MEMORY_MB = 8192;

  @Transform(toNumber)
  @IsNumber()
  @Min(0.01)
  LIMITS_MAX_CPUS = 4;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LIMITS_MAX_TIMEOUT_S = 3600;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  LIMITS_MAX_OUTPUT_BYTES = 1024 ** 3;

  @Transform(toInteger)
  @IsInt()
  @Min(16)
  LIMITS_MAX_DISK_MB = 16384;

  // Compute budgets per user (overridable per user in user_limits); 0 = unlimited.
  /** Reserved core-seconds (CPUs × wall time) a user may spend per UTC day. */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  BUDGET_DAILY_CORE_SECONDS = 0;

  /** Reserved core-seconds a user may spend per UTC calendar month. */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  BUDGET_MONTHLY_CORE_SECONDS = 0;

  /** Calculations of one user waiting in the queue at once. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  BUDGET_MAX_QUEUED_PER_USER = 0;

  /** Percentages of a budget at which a user is alerted, besides 100 (always), comma-separated. */
  @Matches(/^\s*[1-9]\d?(\s*,\s*[1-9]\d?)*\s*$/, {
    message: 'USAGE_ALERT_THRESHOLDS must be percentages from 1 to 99, comma-separated, such as 70,90',
  })
  USAGE_ALERT_THRESHOLDS = '70,90';

  /** Webhooks may target loopback addresses (tests, a receiver on the same host); never in production. */
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOKS_ALLOW_LOOPBACK = false;

  /**
   * Destinations allowed besides public unicast addresses: comma-separated host names, addresses and
   * CIDR ranges (e.g. `hooks.internal,10.20.0.0/16`). Everything else private, loopback, link-local,
   * multicast or reserved is refused.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:\-/[\]]*(,\s*[\w.:\-/[\]]*)*$/, {
    message: 'must be comma-separated host names, addresses or CIDRs',
  })
  WEBHOOKS_ALLOWED_HOSTS = '';

  /**
   * Attempts per webhook delivery, the n-th retry WEBHOOKS_RETRY_BASE_MS × 2^(n-1) after the one before:
   * the defaults (12, one minute) span 34 hours.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOKS_MAX_ATTEMPTS = 12;

  @Transform(toInteger)
  @IsInt()
  @Min(100)
  WEBHOOKS_RETRY_BASE_MS = 60_000;

  /** A webhook whose every attempt failed for this long is disabled and its owner notified. */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.0001)
  WEBHOOKS_DISABLE_AFTER_HOURS = 24;

  /** How often the worker looks for pending deliveries whose job Redis lost, and queues them again. */
  @Transform(toInteger)
  @IsInt()
  @Min(500)
  WEBHOOKS_SWEEP_MS = 60_000;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Validates the environment; every problem is reported, each naming its variable. */
export function validateEnvironment(env: Record<string, string | undefined>): EnvironmentVariables {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const variables = plainToInstance(EnvironmentVariables, defined, { exposeDefaultValues: true });
  const errors = validateSync(variables, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const value = defined[error.property];
      if (value === undefined) return `${error.property} is required but not set`;
      const reasons = Object.values(error.constraints ?? {}).join('; ');
      return `${error.property} is invalid: ${reasons}`;
    });
    throw new ConfigurationError(problems);
  }
  return variables;
}
