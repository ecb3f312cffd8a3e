import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { applyContractsDirectory, authorizationHeader } from '@charter/cli';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { createTestDatabase, startTestKafka, type TestDatabase, type TestKafka } from '@charter/testkit';
import pino from 'pino';
import { loadPipelineConfig } from '../../src/config/pipeline-config';
import { createPipelineApp, type PipelineApp } from '../../src/create-pipeline-app';
import { MIGRATIONS_DIR } from '../../src/storage/open-database';

export const REPOSITORY = path.resolve(__dirname, '..', '..', '..', '..');
export const CONTRACTS_DIR = path.join(REPOSITORY, 'contracts');
export const SAMPLES_DIR = path.join(CONTRACTS_DIR, 'samples');

/** The pipeline's topics as the test broker creates them (the mock cluster does not take CreateTopics). */
export const PIPELINE_TOPICS = [
  { name: 'orders', partitions: 3 },
  { name: 'orders.dlq', partitions: 1 },
  { name: 'user-events', partitions: 3 },
  { name: 'user-events.dlq', partitions: 1 },
];

/** What the pipeline runs against: a real registry holding contracts/, a Kafka-protocol broker with its topics. */
export interface PipelineServices {
  registry: TestRegistry;
  kafka: TestKafka;
  close(): Promise<void>;
}

/**
 * `contractsDir`: another contracts directory to apply (a test's copy with other settings); `registryEnv`: extra
 * registry environment (e.g. a notification routes file).
 */
export async function startPipelineServices(
  options: { contractsDir?: string; registryEnv?: Record<string, string> } = {},
): Promise<PipelineServices> {
  const [registry, kafka] = await Promise.all([
    startTestRegistry(options.registryEnv ? { env: options.registryEnv } : {}),
    startTestKafka({ topics: PIPELINE_TOPICS }),
  ]);
  const key = `${registry.adminKey.keyId}:${registry.adminKey.secret}`;
  const applied = await applyContractsDirectory({
    root: options.contractsDir ?? CONTRACTS_DIR,
    registryUrl: registry.url,
    headers: authorizationHeader({ key }),
  });
  if (!applied.ok) throw new Error(`contracts/ was not applied: ${JSON.stringify(applied)}`);
  return {
    registry,
    kafka,
    close: async () => {
      await kafka.stop();
      await registry.close();
    },
  };
}

export interface TestPipeline {
  url: string;
  app: PipelineApp;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The pipeline app in this process on a fresh database (or `database`), listening on a free port. */
export async function startTestPipeline(
  services: PipelineServices,
  options: { env?: Record<string, string>; database?: TestDatabase } = {},
): Promise<TestPipeline> {
  const database = options.database ?? (await createTestDatabase({ migrationsDir: MIGRATIONS_DIR }));
  const config = loadPipelineConfig({
    CHARTER_PIPELINE_DATABASE_URL: database.url,
    CHARTER_PIPELINE_PORT: '0',
    CHARTER_REGISTRY_URL: services.registry.url,
    CHARTER_API_KEY: `${services.registry.adminKey.keyId}:${services.registry.adminKey.secret}`,
    KAFKA_BROKERS: services.kafka.brokers.join(','),
    // librdkafka's mock cluster has no idempotent producer for kafkajs (ADR 0003); a real cluster does.
    CHARTER_KAFKA_IDEMPOTENT: process.env.KAFKA_BROKERS ? 'on' : 'off',
    CHARTER_ACCESS_LOG: 'off',
    // Groups of their own, so a Kafka cluster shared between runs (KAFKA_BROKERS) starts them from its beginning.
    CHARTER_PIPELINE_GROUP_ID: `pipeline-test-${randomBytes(4).toString('hex')}`,
    ...options.env,
  });
  const app = await createPipelineApp(config, pino({ level: process.env.LOG_LEVEL ?? 'silent' }));
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
