import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { ConfigurationError, EnvironmentVariables, validateEnvironment } from './environment';
import type { SandboxLimits } from '../common/sandbox-limits';

export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  ssl: boolean;
  poolSize: number;
  runMigrationsOnStart: boolean;
}

export interface S3Config {
  endpoint?: string;
  region: string;
  bucket: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  publicEndpoint?: string;
}

export interface FilesConfig {
  maxSizeBytes: number;
  userQuotaBytes: number;
  uploadExpiryS: number;
  downloadUrlTtlS: number;
  /** Seconds a multipart upload may send nothing before it is answered 408. */
  uploadIdleTimeoutS: number;
}

export interface KeycloakConfig {
  url: string;
  realm: string;
  issuer: string;
  jwksUri: string;
  audience: string;
  syncClientId: string;
  syncClientSecret?: string;
}

export interface ToolsConfig {
  allowedImages: string[];
  networkAllowedTools: string[];
  maxCodeBytes: number;
}

export interface SandboxConfig {
  defaultImage: string;
  defaults: SandboxLimits;
  pidsLimit: number;
  tmpfsMb: number;
  logMaxBytes: number;
  maxOutputFiles: number;
  killGraceS: number;
  warmPoolSize: number;
}

export interface CalculationsConfig {
  adhocEnabled: boolean;
  workerConcurrency: number;
  perUserConcurrency: number;
  platformRetryS: number;
}

export interface BatchesConfig {
  maxSize: number;
}

/** Compute budgets and queue room per user (null: unlimited); user_limits overrides each. */
export interface BudgetConfig {
  dailyCoreSeconds: number | null;
  monthlyCoreSeconds: number | null;
  maxQueuedPerUser: number | null;
  /** Percentages at which a user is alerted, ascending, 100 always last. */
  alertThresholds: number[];
}

export interface WebhooksConfig {
  /** Allowed destinations besides public unicast: host names, addresses and CIDRs (loopback too if allowed). */
  allowedHosts: string[];
  maxAttempts: number;
  retryBaseMs: number;
  disableAfterMs: number;
  sweepMs: number;
}

export type DockerConnection = { socketPath: string } | { protocol: 'http' | 'https'; host: string; port: number };

/** Typed, validated configuration. Built once per process from the environment. */
export class AppConfig {
  private constructor(private readonly env: EnvironmentVariables) {}

  static fromEnvironment(env: Record<string, string | undefined>): AppConfig {
    return new AppConfig(validateEnvironment(env));
  }

  get nodeEnv(): EnvironmentVariables['NODE_ENV'] {
    return this.env.NODE_ENV;
  }

  get logLevel(): string {
    return this.env.LOG_LEVEL;
  }

  get api(): { host: string; port: number; processes: number } {
    return { host: this.env.API_HOST, port: this.env.API_PORT, processes: this.env.API_PROCESSES };
  }

  /** The web app: where its build lives (absolute; the directory may not exist) and its OIDC client. */
  get web(): { distDir: string; oidcClientId: string } {
    return { distDir: resolve(this.env.WEB_DIST_DIR), oidcClientId: this.env.WEB_OIDC_CLIENT_ID };
  }

  get worker(): { httpPort: number } {
    return { httpPort: this.env.WORKER_HTTP_PORT };
  }

  get shutdownGraceMs(): number {
    return this.env.SHUTDOWN_GRACE_MS;
  }

  get database(): DatabaseConfig {
    return {
      host: this.env.DATABASE_HOST,
      port: this.env.DATABASE_PORT,
      username: this.env.DATABASE_USER,
      password: this.env.DATABASE_PASSWORD,
      database: this.env.DATABASE_NAME,
      ssl: this.env.DATABASE_SSL,
      poolSize: this.env.DATABASE_POOL_SIZE,
      runMigrationsOnStart: this.env.DATABASE_MIGRATIONS_RUN,
    };
  }

  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX;
  }

  get redisUrl(): string {
    return this.env.REDIS_URL;
  }

  get s3(): S3Config {
    const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = this.env;
    return {
      endpoint: this.env.S3_ENDPOINT,
      region: this.env.S3_REGION,
      bucket: this.env.S3_BUCKET,
      // Without explicit keys the SDK's default chain applies (instance roles, web identity, ...).
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      forcePathStyle: this.env.S3_FORCE_PATH_STYLE,
      publicEndpoint: this.env.S3_PUBLIC_ENDPOINT,
    };
  }

  get files(): FilesConfig {
    return {
      maxSizeBytes: this.env.FILES_MAX_SIZE_BYTES,
      userQuotaBytes: this.env.FILES_USER_QUOTA_BYTES,
      uploadExpiryS: this.env.FILES_UPLOAD_EXPIRY_S,
      downloadUrlTtlS: this.env.FILES_DOWNLOAD_URL_TTL_S,
      uploadIdleTimeoutS: this.env.FILES_UPLOAD_IDLE_TIMEOUT_S,
    };
  }

  get keycloak(): KeycloakConfig {
    const url = this.env.KEYCLOAK_URL.replace(/\/+$/, '');
    const realmUrl = `${url}/realms/${encodeURIComponent(this.env.KEYCLOAK_REALM)}`;
    return {
      url,
      realm: this.env.KEYCLOAK_REALM,
      issuer: (this.env.KEYCLOAK_ISSUER ?? realmUrl).replace(/\/+$/, ''),
      jwksUri: `${realmUrl}/protocol/openid-connect/certs`,
      audience: this.env.KEYCLOAK_AUDIENCE,
      syncClientId: this.env.KEYCLOAK_SYNC_CLIENT_ID,
      syncClientSecret: this.env.KEYCLOAK_SYNC_CLIENT_SECRET,
    };
  }

  get auth(): { clockToleranceS: number; lastLoginIntervalS: number } {
    return {
      clockToleranceS: this.env.AUTH_CLOCK_TOLERANCE_S,
      lastLoginIntervalS: this.env.USER_LAST_LOGIN_INTERVAL_S,
    };
  }

  get userSync(): { enabled: boolean; intervalS: number } {
    return { enabled: this.env.USER_SYNC_ENABLED, intervalS: this.env.USER_SYNC_INTERVAL_S };
  }

  get apiKeyRateLimits(): { perMinute: number; perDay: number } {
    return { perMinute: this.env.API_KEY_RATE_PER_MINUTE, perDay: this.env.API_KEY_RATE_PER_DAY };
  }

  get docker(): DockerConnection {
    return parseDockerHost(this.env.DOCKER_HOST);
  }

  get sandbox(): SandboxConfig {
    return {
      defaultImage: this.env.SANDBOX_DEFAULT_IMAGE,
      defaults: {
        memoryMb: this.env.SANDBOX_DEFAULT_MEMORY_MB,
        cpus: this.env.SANDBOX_DEFAULT_CPUS,
        timeoutS: this.env.SANDBOX_DEFAULT_TIMEOUT_S,
        maxOutputBytes: this.env.SANDBOX_DEFAULT_MAX_OUTPUT_BYTES,
        diskMb: this.env.SANDBOX_DISK_MB,
      },
      pidsLimit: this.env.SANDBOX_PIDS_LIMIT,
      tmpfsMb: this.env.SANDBOX_TMPFS_MB,
      logMaxBytes: this.env.SANDBOX_LOG_MAX_BYTES,
      maxOutputFiles: this.env.SANDBOX_MAX_OUTPUT_FILES,
      killGraceS: this.env.SANDBOX_KILL_GRACE_S,
      warmPoolSize: this.env.SANDBOX_WARM_POOL_SIZE,
    };
  }

  get calculations(): CalculationsConfig {
    return {
      adhocEnabled: this.env.CALCULATIONS_ADHOC_ENABLED,
      workerConcurrency: this.env.WORKER_CONCURRENCY ?? availableParallelism(),
      perUserConcurrency: this.env.WORKER_PER_USER_CONCURRENCY,
      platformRetryS: this.env.WORKER_PLATFORM_RETRY_S,
    };
  }

  get batches(): BatchesConfig {
    return { maxSize: this.env.BATCHES_MAX_SIZE };
  }

  get tools(): ToolsConfig {
    const list = (value?: string) =>
      (value ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
    return {
      allowedImages: list(this.env.TOOLS_ALLOWED_IMAGES),
      networkAllowedTools: list(this.env.TOOLS_NETWORK_ALLOWED),
      maxCodeBytes: this.env.TOOLS_MAX_CODE_BYTES,
    };
  }

  /** The most any sandbox may get. */
  get webhooks(): WebhooksConfig {
    return {
      allowedHosts: [
        ...this.env.WEBHOOKS_ALLOWED_HOSTS.split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
        ...(this.env.WEBHOOKS_ALLOW_LOOPBACK ? ['127.0.0.0/8', '::1/128'] : []),
      ],
      maxAttempts: this.env.WEBHOOKS_MAX_ATTEMPTS,
      retryBaseMs: this.env.WEBHOOKS_RETRY_BASE_MS,
      disableAfterMs: Math.round(this.env.WEBHOOKS_DISABLE_AFTER_HOURS * 3_600_000),
      sweepMs: this.env.WEBHOOKS_SWEEP_MS,
    };
  }

  get budgets(): BudgetConfig {
    const unlimitedIfZero = (value: number) => (value > 0 ? value : null);
    return {
      dailyCoreSeconds: unlimitedIfZero(this.env.BUDGET_DAILY_CORE_SECONDS),
      monthlyCoreSeconds: unlimitedIfZero(this.env.BUDGET_MONTHLY_CORE_SECONDS),
      maxQueuedPerUser: unlimitedIfZero(this.env.BUDGET_MAX_QUEUED_PER_USER),
      alertThresholds: [
        ...new Set([...this.env.USAGE_ALERT_THRESHOLDS.split(',').map((part) => Number(part.trim())), 100]),
      ].sort((a, b) => a - b),
    };
  }

  get maxLimits(): SandboxLimits {
    return {
      memoryMb: this.env.LIMITS_MAX_MEMORY_MB,
      cpus: this.env.LIMITS_MAX_CPUS,
      timeoutS: this.env.LIMITS_MAX_TIMEOUT_S,
      maxOutputBytes: this.env.LIMITS_MAX_OUTPUT_BYTES,
      diskMb: this.env.LIMITS_MAX_DISK_MB,
    };
  }
}

export function parseDockerHost(dockerHost: string | undefined): DockerConnection {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return { protocol, host: url.hostname, port: Number(url.port || (protocol === 'https' ? 2376 : 2375)) };
}

/** Loads the configuration for an entry point, or prints what is wrong and exits. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return AppConfig.fromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its default.\n`);
      process.exit(1);
    }
    throw error;
  }
}
