import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type NotificationRoutes, readNotificationRoutes } from '@charter/notify';
import { COMPATIBILITY_LEVELS } from '@charter/schema';
import {
  ConfigError,
  dataDirectory,
  optionalUrl,
  parseEnvironment,
  type ServiceConfig,
  serviceConfig,
  serviceEnvironment,
} from '@charter/service-host';
import { z } from 'zod';

const SERVICE_VARIABLES = {
  port: 'PORT',
  defaultPort: 8081,
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  embeddedDatabase: 'registry-db',
} as const;

/** Every environment variable the registry reads, with its default. `.env.example` documents the same list. */
const environmentSchema = z.object({
  ...serviceEnvironment(SERVICE_VARIABLES),
  REDIS_URL: optionalUrl,
  CHARTER_REDIS_PREFIX: z.string().min(1).default('charter:registry:'),
  CHARTER_CACHE_MAX_ENTRIES: z.coerce.number().int().min(100).default(50_000),
  CHARTER_MEMORY_BUDGET_MB: z.coerce.number().int().min(128).default(1_024),
  CHARTER_CACHE_REDIS_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
  CHARTER_DEFAULT_COMPATIBILITY: z.enum(COMPATIBILITY_LEVELS).default('BACKWARD'),
  CHARTER_MAX_SCHEMA_LENGTH: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(2 * 1024 * 1024),
  CHARTER_MAX_SCHEMA_DEPTH: z.coerce.number().int().min(8).max(1_000).default(128),
  CHARTER_MAX_SCHEMA_FIELDS: z.coerce.number().int().min(1).default(10_000),
  CHARTER_MAX_ENUM_SYMBOLS: z.coerce.number().int().min(1).default(10_000),
  CHARTER_MAX_UNION_BRANCHES: z.coerce.number().int().min(1).default(1_000),
  CHARTER_MAX_SCHEMA_PROPERTIES: z.coerce.number().int().min(1).default(10_000),
  CHARTER_MAX_REFERENCES: z.coerce.number().int().min(0).default(100),
  CHARTER_SCHEMA_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(Math.max(1, availableParallelism() - 1)),
  CHARTER_SCHEMA_WORKER_QUEUE: z.coerce.number().int().min(1).default(64),
  CHARTER_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(16 * 1024 * 1024),
  CHARTER_MAX_CHECK_RUN_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(8 * 1024 * 1024),
  CHARTER_AUTH: z.enum(['on', 'off']).default('on'),
  CHARTER_ADMIN_KEY: z
    .string()
    .regex(/^ck_[0-9a-f]{20}:cs_[A-Za-z0-9_-]{43}$/, 'must be <keyId>:<secret> as `POST /keys` issues them')
    .optional(),
  CHARTER_ADMIN_KEY_FILE: z.string().min(1).optional(),
  CHARTER_AUTH_FAILURES_PER_KEY: z.coerce.number().int().min(1).default(20),
  CHARTER_AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  CHARTER_AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  CHARTER_TRUST_PROXY: z.string().trim().default('127.0.0.1,::1'),
  CHARTER_WEBHOOK_URL: optionalUrl,
  CHARTER_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CHARTER_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  CHARTER_SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3_600).default(300),
  CHARTER_APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(4_320),
  CHARTER_APPROVAL_SWEEP_MS: z.coerce.number().int().min(100).default(15_000),
  CHARTER_LINEAGE_URL: optionalUrl,
  CHARTER_LINEAGE_FAILURE_POLICY: z.enum(['closed-for-tier-1', 'closed', 'open']).default('closed-for-tier-1'),
  CHARTER_LINEAGE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  CHARTER_NOTIFY_ROUTES: z.string().trim().min(1).optional(),
  CHARTER_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  CHARTER_PUBLIC_URL: optionalUrl,
});

export interface RegistryConfig extends ServiceConfig {
  redis: { url: string; prefix: string } | undefined;
  cache: { maxEntries: number; redisTtlSeconds: number };
  /**
   * The process's memory budget and its shares: the in-process cache tier and the parsed schemas each take an
   * eighth (bounded by estimated bytes), each schema worker thread's heap an eighth; the V8 heap should be started at
   * half (`--max-old-space-size`, which `npm start` sets), the rest being code, buffers and requests in flight.
   */
  memory: { budgetMb: number; cacheBytes: number; parsedBytes: number; workerHeapMb: number; heapMb: number };
  defaultCompatibility: (typeof COMPATIBILITY_LEVELS)[number];
  limits: {
    maxSchemaLength: number;
    maxSchemaDepth: number;
    maxBodyBytes: number;
    /** POST /checks bodies (a run of up to 1000 results); over it → 413, 41301. */
    maxCheckRunBytes: number;
    maxFields: number;
    maxEnumSymbols: number;
    maxUnionBranches: number;
    maxProperties: number;
    maxReferences: number;
  };
  /** Threads verifying large schemas off the event loop (0: on it), and how many may wait for one. */
  schemaWorkers: { threads: number; maxQueue: number };
  auth: {
    enabled: boolean;
    /** A known admin key to make on start if its id does not exist (deployments, CI). */
    adminKey: { keyId: string; secret: string } | undefined;
    /** Where the first start writes the admin key it makes when no admin key exists. */
    adminKeyFile: string;
    /** Failed authentications per minute before 429s: per key id (its failures only), per client address (all). */
    failuresPerKeyId: number;
    failuresPerAddress: number;
    /** The window those limits (and the audit budget of 100 rows a window) count over. */
    failureWindowMs: number;
    /** Proxies whose X-Forwarded-For names the client (addresses or CIDRs); empty: none. */
    trustProxy: string[];
  };
  /** Where breaking changes are judged by their downstream impact; undefined → not judged. */
  lineage: {
    url: string | undefined;
    failurePolicy: 'closed-for-tier-1' | 'closed' | 'open';
    timeoutMs: number;
  };
  /** Impact notifications to the owners of affected assets (queued in Redis); undefined → none are sent. */
  notifications: { routes: NotificationRoutes; maxAttempts: number } | undefined;
  /** Where people reach this registry: links in notifications point here. */
  publicUrl: string;
  approvals: {
    defaultTtlMinutes: number;
    maxTtlMinutes: number;
    sweepIntervalMs: number;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    webhookMaxAttempts: number;
    signatureToleranceSeconds: number;
  };
}

/**
 * Reads the registry's configuration from environment variables, once, at boot. Every bad variable is reported
 * together; values of variables are never echoed (they may hold secrets).
 */
export function loadRegistryConfig(
  environment: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  isTerminal = process.stdout.isTTY === true,
): RegistryConfig {
  const env = parseEnvironment('registry', environmentSchema, environment);
  if (env.CHARTER_WEBHOOK_URL && !env.CHARTER_WEBHOOK_SECRET) {
    throw new ConfigError('registry', ['CHARTER_WEBHOOK_SECRET: required when CHARTER_WEBHOOK_URL is set']);
  }
  const notifications =
    env.CHARTER_NOTIFY_ROUTES === undefined
      ? undefined
      : {
          routes: readRoutes(resolve(cwd, env.CHARTER_NOTIFY_ROUTES), environment, env.REDIS_URL),
          maxAttempts: env.CHARTER_NOTIFY_MAX_ATTEMPTS,
        };
  const dataDir = dataDirectory(env, cwd);
  return {
    ...serviceConfig(env, SERVICE_VARIABLES, { cwd, isTerminal }),
    redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.CHARTER_REDIS_PREFIX } : undefined,
    cache: { maxEntries: env.CHARTER_CACHE_MAX_ENTRIES, redisTtlSeconds: env.CHARTER_CACHE_REDIS_TTL_SECONDS },
    memory: memoryShares(env.CHARTER_MEMORY_BUDGET_MB),
    defaultCompatibility: env.CHARTER_DEFAULT_COMPATIBILITY,
    limits: {
      maxSchemaLength: env.CHARTER_MAX_SCHEMA_LENGTH,
      maxSchemaDepth: env.CHARTER_MAX_SCHEMA_DEPTH,
      maxBodyBytes: env.CHARTER_MAX_BODY_BYTES,
      maxCheckRunBytes: Math.min(env.CHARTER_MAX_CHECK_RUN_BYTES, env.CHARTER_MAX_BODY_BYTES),
      maxFields: env.CHARTER_MAX_SCHEMA_FIELDS,
      maxEnumSymbols: env.CHARTER_MAX_ENUM_SYMBOLS,
      maxUnionBranches: env.CHARTER_MAX_UNION_BRANCHES,
      maxProperties: env.CHARTER_MAX_SCHEMA_PROPERTIES,
      maxReferences: env.CHARTER_MAX_REFERENCES,
    },
    schemaWorkers: { threads: env.CHARTER_SCHEMA_WORKERS, maxQueue: env.CHARTER_SCHEMA_WORKER_QUEUE },
    auth: {
      enabled: env.CHARTER_AUTH === 'on',
      adminKey: env.CHARTER_ADMIN_KEY ? splitKey(env.CHARTER_ADMIN_KEY) : undefined,
      adminKeyFile: resolve(cwd, env.CHARTER_ADMIN_KEY_FILE ?? resolve(dataDir, 'admin.key')),
      failuresPerKeyId: env.CHARTER_AUTH_FAILURES_PER_KEY,
      failuresPerAddress: env.CHARTER_AUTH_FAILURES_PER_ADDRESS,
      failureWindowMs: env.CHARTER_AUTH_FAILURE_WINDOW_SECONDS * 1_000,
      trustProxy: env.CHARTER_TRUST_PROXY.split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    },
    lineage: {
      url: env.CHARTER_LINEAGE_URL?.replace(/\/+$/, ''),
      failurePolicy: env.CHARTER_LINEAGE_FAILURE_POLICY,
      timeoutMs: env.CHARTER_LINEAGE_TIMEOUT_MS,
    },
    notifications,
    publicUrl: (
      env.CHARTER_PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`
    ).replace(/\/+$/, ''),
    approvals: {
      defaultTtlMinutes: Math.min(env.CHARTER_APPROVAL_TTL_MINUTES, 43_200),
      maxTtlMinutes: 43_200,
      sweepIntervalMs: env.CHARTER_APPROVAL_SWEEP_MS,
      webhookUrl: env.CHARTER_WEBHOOK_URL,
      webhookSecret: env.CHARTER_WEBHOOK_SECRET,
      webhookMaxAttempts: env.CHARTER_WEBHOOK_MAX_ATTEMPTS,
      signatureToleranceSeconds: env.CHARTER_SIGNATURE_TOLERANCE_SECONDS,
    },
  };
}

export function memoryShares(budgetMb: number): RegistryConfig['memory'] {
  const eighth = Math.floor(budgetMb / 8);
  return {
    budgetMb,
    cacheBytes: eighth * 2 ** 20,
    parsedBytes: eighth * 2 ** 20,
    workerHeapMb: Math.max(32, eighth),
    heapMb: Math.floor(budgetMb / 2),
  };
}

function splitKey(value: string): { keyId: string; secret: string } {
  const separator = value.indexOf(':');
  return { keyId: value.slice(0, separator), secret: value.slice(separator + 1) };
}

/** The routes file, or a configuration error listing every problem in it (see readNotificationRoutes). */
function readRoutes(file: string, environment: NodeJS.ProcessEnv, redisUrl: string | undefined): NotificationRoutes {
  const read = readNotificationRoutes(file, environment, redisUrl);
  if ('problems' in read) throw new ConfigError('registry', read.problems);
  return read.routes;
}

export const REGISTRY_ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);
