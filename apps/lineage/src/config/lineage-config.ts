import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional())
  .optional();

/** Every environment variable the lineage service reads, with its default. `.env.example` documents the same list. */
const environmentSchema = z.object({
  CHARTER_LINEAGE_PORT: z.coerce.number().int().min(0).max(65_535).default(5000),
  CHARTER_LINEAGE_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Its own database (not the registry's DATABASE_URL: each service keeps its own migration history). Unset →
   * embedded PostgreSQL under CHARTER_DATA_DIR/lineage-db.
   */
  CHARTER_LINEAGE_DATABASE_URL: optionalUrl,
  CHARTER_DATA_DIR: z.string().min(1).default('.charter'),
  CHARTER_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CHARTER_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** The registry that issues API keys: the lineage service asks it who a key is. */
  CHARTER_REGISTRY_URL: z.url().default('http://127.0.0.1:8081'),
  CHARTER_AUTH: z.enum(['on', 'off']).default('on'),
  CHARTER_AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** The contracts directory: owners, tiers and consumers of datasets, for impact. */
  CHARTER_CONTRACTS_DIR: z.string().min(1).default('contracts'),
  /** A YAML severity policy; unset → the defaults. */
  CHARTER_SEVERITY_POLICY_FILE: z.string().min(1).optional(),
  CHARTER_MAX_EVENT_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(2 * 1024 * 1024),
  /** Kafka to consume OpenLineage events from; unset → HTTP ingest only. */
  KAFKA_BROKERS: z.string().trim().optional(),
  CHARTER_LINEAGE_TOPIC: z.string().min(1).default('openlineage.events'),
  CHARTER_LINEAGE_DLQ_TOPIC: z.string().min(1).optional(),
  CHARTER_LINEAGE_GROUP_ID: z.string().min(1).default('charter-lineage'),
  CHARTER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** How often a replica reads what the others stored in the shared log (0: never; embedded mode never shares). */
  CHARTER_LINEAGE_FOLLOW_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface LineageConfig {
  port: number;
  host: string;
  database:
    | { kind: 'postgres'; url: string; poolSize: number; statementTimeoutMs: number }
    | { kind: 'embedded'; dataDir: string };
  auth: { enabled: boolean; registryUrl: string; cacheSeconds: number };
  contractsDir: string;
  severityPolicyFile: string | undefined;
  maxEventBytes: number;
  /** OpenLineage's Kafka transport: consumed when brokers are configured. */
  kafka: { brokers: string[]; topic: string; deadLetterTopic: string; groupId: string } | undefined;
  shutdownTimeoutMs: number;
  /** How often to apply what other replicas stored (Postgres only); 0 → not at all. */
  followIntervalMs: number;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
}

export class LineageConfigError extends Error {
  override readonly name = 'LineageConfigError';

  constructor(readonly problems: string[]) {
    super(`invalid lineage configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads the configuration from environment variables, once, at boot; every bad variable is reported, no value echoed. */
export function loadLineageConfig(environment: NodeJS.ProcessEnv, cwd = process.cwd()): LineageConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new LineageConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const inCwd = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    port: env.CHARTER_LINEAGE_PORT,
    host: env.CHARTER_LINEAGE_HOST,
    database: env.CHARTER_LINEAGE_DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.CHARTER_LINEAGE_DATABASE_URL,
          poolSize: env.CHARTER_DB_POOL_SIZE,
          statementTimeoutMs: env.CHARTER_DB_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'embedded', dataDir: resolve(inCwd(env.CHARTER_DATA_DIR), 'lineage-db') },
    auth: {
      enabled: env.CHARTER_AUTH === 'on',
      registryUrl: env.CHARTER_REGISTRY_URL.replace(/\/+$/, ''),
      cacheSeconds: env.CHARTER_AUTH_CACHE_SECONDS,
    },
    contractsDir: inCwd(env.CHARTER_CONTRACTS_DIR),
    severityPolicyFile: env.CHARTER_SEVERITY_POLICY_FILE && inCwd(env.CHARTER_SEVERITY_POLICY_FILE),
    maxEventBytes: env.CHARTER_MAX_EVENT_BYTES,
    kafka: env.KAFKA_BROKERS
      ? {
          brokers: env.KAFKA_BROKERS.split(',')
            .map((broker) => broker.trim())
            .filter(Boolean),
          topic: env.CHARTER_LINEAGE_TOPIC,
          deadLetterTopic: env.CHARTER_LINEAGE_DLQ_TOPIC ?? `${env.CHARTER_LINEAGE_TOPIC}.dlq`,
          groupId: env.CHARTER_LINEAGE_GROUP_ID,
        }
      : undefined,
    shutdownTimeoutMs: env.CHARTER_SHUTDOWN_TIMEOUT_MS,
    followIntervalMs: env.CHARTER_LINEAGE_DATABASE_URL ? env.CHARTER_LINEAGE_FOLLOW_MS : 0,
    logLevel: env.LOG_LEVEL,
  };
}

export const LINEAGE_ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);
