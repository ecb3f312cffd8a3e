import { isAbsolute, resolve } from 'node:path';
import {
  optionalUrl,
  parseEnvironment,
  type ServiceConfig,
  serviceConfig,
  serviceEnvironment,
} from '@charter/service-host';
import { z } from 'zod';

/**
 * Its own database (each service keeps its own migration history). Unset → embedded PostgreSQL under
 * CHARTER_DATA_DIR/pipeline-db.
 */
const SERVICE_VARIABLES = {
  port: 'CHARTER_PIPELINE_PORT',
  defaultPort: 8090,
  host: 'CHARTER_PIPELINE_HOST',
  databaseUrl: 'CHARTER_PIPELINE_DATABASE_URL',
  embeddedDatabase: 'pipeline-db',
} as const;

/** An API key as `POST /keys` issues it (and `.charter/admin.key` holds it): `<keyId>:<secret>`. */
export const API_KEY = /^[^:\s]+:\S+$/;

/** Every environment variable the pipeline reads, with its default. `.env.example` documents the same list. */
const environmentSchema = z.object({
  ...serviceEnvironment(SERVICE_VARIABLES),
  /** The registry whose schemas and contracts the producer edge and the consumers enforce. */
  CHARTER_REGISTRY_URL: z.url().default('http://127.0.0.1:8081'),
  /** The API key for the registry and the lineage service (`<keyId>:<secret>`), or a file holding it. */
  CHARTER_API_KEY: z.string().trim().regex(API_KEY, 'must be <keyId>:<secret>').optional(),
  CHARTER_API_KEY_FILE: z.string().min(1).optional(),
  /** The Kafka cluster; required (npm start and `charter pipeline run` start an embedded broker when it is unset). */
  KAFKA_BROKERS: z
    .string({
      error: 'required: the Kafka brokers (host:port,…); `npm start` and `charter pipeline run` start an embedded one',
    })
    .trim()
    .min(1, 'required: the Kafka brokers (host:port,…)'),
  /** `off` for brokers without Kafka's idempotent producer (librdkafka's mock cluster). */
  CHARTER_KAFKA_IDEMPOTENT: z.enum(['on', 'off']).default('on'),
  /** Consumer groups are `<this>.orders` and `<this>.user-events`. */
  CHARTER_PIPELINE_GROUP_ID: z.string().min(1).default('charter-pipeline'),
  /** Items a batch route takes at once, and the largest request body. */
  CHARTER_PIPELINE_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  CHARTER_PIPELINE_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(4 * 1024 * 1024),
  /** Where OpenLineage run events go (a lineage service's POST /api/v1/lineage); unset → none are sent. */
  CHARTER_LINEAGE_URL: optionalUrl,
  CHARTER_LINEAGE_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /**
   * The dataset namespaces the run events name: the logical names the contracts and the sample lineage flow use
   * (contracts/lineage/sample-flow.json), not the addresses this process connects to, so the graph connects.
   */
  CHARTER_PIPELINE_KAFKA_NAMESPACE: z.string().min(1).default('kafka://kafka.charter.local:9092'),
  CHARTER_PIPELINE_POSTGRES_NAMESPACE: z.string().min(1).default('postgres://staging-db.charter.local:5432'),
  /**
   * Drift detection on the consumers (ADR 0013): each stream bound to a contract is profiled with the contract's
   * `drift` thresholds; metrics on /metrics, events to the registry's POST /drift-events. `off` profiles nothing.
   */
  CHARTER_PIPELINE_DRIFT: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /** A stored profile (`charter profile --out`) to test its contract's stream against, instead of its first windows. */
  CHARTER_PIPELINE_DRIFT_BASELINE: z.string().trim().min(1, 'must name a profile file').optional(),
});

/** The variables, and what holds between them. */
const checkedEnvironmentSchema = environmentSchema.superRefine((env, context) => {
  if (env.CHARTER_PIPELINE_DRIFT === 'off' && env.CHARTER_PIPELINE_DRIFT_BASELINE !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['CHARTER_PIPELINE_DRIFT_BASELINE'],
      message: 'is set but CHARTER_PIPELINE_DRIFT is off: unset one of them',
    });
  }
});

/**
 * One of the pipeline's two flows: its topic, dead-letter topic and consumer group. The topics are the contracts'
 * (`orders`, `user-events`): their records are held to `<topic>-value`, the subjects contracts/ registers.
 */
export interface StreamTopics {
  topic: string;
  deadLetterTopic: string;
  groupId: string;
}

/** The API key the pipeline sends the registry and the lineage service: given, or read from a file at start. */
export type ApiKeySource = { keyId: string; secret: string } | { file: string } | undefined;

export interface PipelineConfig extends ServiceConfig {
  registry: { url: string; apiKey: ApiKeySource };
  kafka: {
    brokers: string[];
    idempotent: boolean;
    orders: StreamTopics;
    userEvents: StreamTopics;
  };
  ingest: { maxBatch: number; maxBodyBytes: number };
  lineage:
    | {
        url: string;
        timeoutMs: number;
        kafkaNamespace: string;
        postgresNamespace: string;
      }
    | undefined;
  /** Drift detection: on (with a stored baseline's absolute path, if given), or undefined when off. */
  drift: { baselineFile: string | undefined } | undefined;
}

/** Reads the configuration from environment variables, once, at boot; every bad variable is reported, no value echoed. */
export function loadPipelineConfig(
  environment: NodeJS.ProcessEnv,
  cwd = process.cwd(),
  isTerminal = process.stdout.isTTY === true,
): PipelineConfig {
  const env = parseEnvironment('pipeline', checkedEnvironmentSchema, environment);
  const absolute = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file));
  const apiKey: ApiKeySource = env.CHARTER_API_KEY
    ? splitKey(env.CHARTER_API_KEY)
    : env.CHARTER_API_KEY_FILE
      ? { file: absolute(env.CHARTER_API_KEY_FILE) }
      : undefined;
  const streamTopics = (name: string, stream: string): StreamTopics => ({
    topic: name,
    deadLetterTopic: `${name}.dlq`,
    groupId: `${env.CHARTER_PIPELINE_GROUP_ID}.${stream}`,
  });
  return {
    ...serviceConfig(env, SERVICE_VARIABLES, { cwd, isTerminal }),
    registry: { url: env.CHARTER_REGISTRY_URL.replace(/\/+$/, ''), apiKey },
    kafka: {
      brokers: env.KAFKA_BROKERS.split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
      idempotent: env.CHARTER_KAFKA_IDEMPOTENT === 'on',
      orders: streamTopics('orders', 'orders'),
      userEvents: streamTopics('user-events', 'user-events'),
    },
    ingest: { maxBatch: env.CHARTER_PIPELINE_MAX_BATCH, maxBodyBytes: env.CHARTER_PIPELINE_MAX_BODY_BYTES },
    lineage: env.CHARTER_LINEAGE_URL
      ? {
          url: env.CHARTER_LINEAGE_URL.replace(/\/+$/, ''),
          timeoutMs: env.CHARTER_LINEAGE_TIMEOUT_MS,
          kafkaNamespace: env.CHARTER_PIPELINE_KAFKA_NAMESPACE,
          postgresNamespace: env.CHARTER_PIPELINE_POSTGRES_NAMESPACE,
        }
      : undefined,
    drift:
      env.CHARTER_PIPELINE_DRIFT === 'on'
        ? {
            baselineFile:
              env.CHARTER_PIPELINE_DRIFT_BASELINE === undefined
                ? undefined
                : absolute(env.CHARTER_PIPELINE_DRIFT_BASELINE),
          }
        : undefined,
  };
}

/** `<keyId>:<secret>` as its two parts. */
export function splitKey(text: string): { keyId: string; secret: string } {
  const separator = text.indexOf(':');
  return { keyId: text.slice(0, separator), secret: text.slice(separator + 1) };
}

export const PIPELINE_ENVIRONMENT_VARIABLES = Object.keys(environmentSchema.shape);
