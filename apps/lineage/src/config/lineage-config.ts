import { isAbsolute, resolve } from 'node:path';
import { type NotificationRoutes, readNotificationRoutes } from '@charter/notify';
import {
  ConfigError,
  optionalUrl,
  parseEnvironment,
  type ServiceConfig,
  serviceConfig,
  serviceEnvironment,
} from '@charter/service-host';
import { z } from 'zod';

/**
 * Its own database (not the registry's DATABASE_URL: each service keeps its own migration history). Unset →
 * embedded PostgreSQL under CHARTER_DATA_DIR/lineage-db.
 */
const SERVICE_VARIABLES = {
  port: 'CHARTER_LINEAGE_PORT',
  defaultPort: 5000,
  host: 'CHARTER_LINEAGE_HOST',
  databaseUrl: 'CHARTER_LINEAGE_DATABASE_URL',
  embeddedDatabase: 'lineage-db',
} as const;

/** Every environment variable the lineage service reads, with its default. `.env.example` documents the same list. */
const environmentSchema = z.object({
  ...serviceEnvironment(SERVICE_VARIABLES),
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
  /** How often a replica reads what the others stored in the shared log (0: never; embedded mode never shares). */
  CHARTER_LINEAGE_FOLLOW_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** The routes file contract-breach notifications follow (the registry's, for impact, is the same format). */
  CHARTER_NOTIFY_ROUTES: z.string().trim().min(1).optional(),
  CHARTER_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Redis for the notification queue (BullMQ); needed only with CHARTER_NOTIFY_ROUTES. */
  REDIS_URL: optionalUrl,
  CHARTER_LINEAGE_REDIS_PREFIX: z.string().min(1).default('charter:lineage:'),
  /** Where people reach this service: links in breach notifications point here (default http://HOST:PORT). */
  CHARTER_LINEAGE_PUBLIC_URL: optionalUrl,
});

export interface LineageConfig extends ServiceConfig {
  auth: { enabled: boolean; registryUrl: string; cacheSeconds: number };
  contractsDir: string;
  severityPolicyFile: string | undefined;
  maxEventBytes: number;
  /** OpenLineage's Kafka transport: consumed when brokers are configured. */
  kafka: { brokers: string[]; topic: string; deadLetterTopic: string; groupId: string } | undefined;
  /** How often to apply what other replicas stored (Postgres only); 0 → not at all. */
  followIntervalMs: number;
  /** Contract-breach notifications to the owners of the contracts (queued in Redis); undefined → none are sent. */
  notifications:
    | { routes: NotificationRoutes; maxAttempts: number; redis: { url: string; prefix: string } }
    | undefined;
  /** Where people reach this service: links in notifications point here. */
  publicUrl: string;
}

/** Reads the configuration from environment variables, once, at boot; every bad variable is reported, no value echoed. */
export function loadLineageConfig(
  environment: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  isTerminal = process.stdout.isTTY === true,
): LineageConfig {
  const env = parseEnvironment('lineage', environmentSchema, environment);
  const inCwd = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  const service = serviceConfig(env, SERVICE_VARIABLES, { cwd, isTerminal });
  return {
    ...service,
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
    followIntervalMs: env.CHARTER_LINEAGE_DATABASE_URL ? env.CHARTER_LINEAGE_FOLLOW_MS : 0,
    notifications:
      env.CHARTER_NOTIFY_ROUTES === undefined
        ? undefined
        : {
            routes: readRoutes(inCwd(env.CHARTER_NOTIFY_ROUTES), environment, env.REDIS_URL),
            maxAttempts: env.CHARTER_NOTIFY_MAX_ATTEMPTS,
            redis: { url: env.REDIS_URL!, prefix: env.CHARTER_LINEAGE_REDIS_PREFIX },
          },
    publicUrl: (
      env.CHARTER_LINEAGE_PUBLIC_URL ??
      `http://${service.host === '0.0.0.0' ? 'localhost' : service.host}:${service.port}`
    ).replace(/\/+$/, ''),
  };
}

/** The routes file, or a configuration error listing every problem in it (see readNotificationRoutes). */
function readRoutes(file: string, environment: NodeJS.ProcessEnv, redisUrl: string | undefined): NotificationRoutes {
  const read = readNotificationRoutes(file, environment, redisUrl);
  if ('problems' in read) throw new ConfigError('lineage', read.problems);
  return read.routes;
}

export const LINEAGE_ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);
