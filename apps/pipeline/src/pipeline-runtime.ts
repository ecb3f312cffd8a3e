import { Deserializer, RegistryClient, Serializer } from '@charter/enforcement';
import { ContractProducer, enforcementMetrics, ValidatingConsumer } from '@charter/enforcement/kafka';
import { ServiceMetrics } from '@charter/service-host';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import type { PipelineConfig } from './config/pipeline-config';
import { readApiKey } from './config/read-api-key';
import { PipelineDrift, readDriftBaselines } from './drift/pipeline-drift';
import type { StreamDriftObserver } from './drift/stream-drift-observer';
import { IngestService } from './ingest/ingest.service';
import { HttpLineageClient } from './lineage/lineage-client';
import { LineageReporter } from './lineage/lineage-reporter';
import { schemaFields } from './lineage/schema-fields';
import { type PipelineStream, type PipelineStreams, pipelineStreams } from './pipeline-streams';
import { PipelineStats } from './sink/pipeline-stats';
import type { RowStore } from './sink/row-store';
import { StreamSink } from './sink/stream-sink';
import { openPipelineDatabase, type PipelineDatabase } from './storage/open-database';
import { OrderRepository } from './storage/order.repository';
import { UserEventRepository } from './storage/user-event.repository';

/** A stream's consuming end: the validating consumer, the sink it hands records to, and the sink's lineage. */
export interface StreamConsumer {
  name: string;
  consumer: ValidatingConsumer;
  lineage: LineageReporter | undefined;
  /** Its drift profiler (undefined with CHARTER_PIPELINE_DRIFT=off). */
  drift: StreamDriftObserver | undefined;
  state(): 'up' | 'down';
}

export interface PipelineRuntime {
  config: PipelineConfig;
  database: PipelineDatabase;
  metrics: ServiceMetrics;
  stats: PipelineStats;
  registry: RegistryClient;
  streams: PipelineStreams;
  producer: ContractProducer;
  ingest: IngestService;
  consumers: StreamConsumer[];
  drift: PipelineDrift | undefined;
  /** Starts the producer and the consumers (after the HTTP app is built). */
  start(): Promise<void>;
  /** Stops consuming and reports the lineage of what was stored (before HTTP closes). */
  stopConsuming(): Promise<void>;
  /** Disconnects the producer and closes the database (after HTTP has drained). */
  close(): Promise<void>;
}

/**
 * Everything the pipeline holds, wired: its database migrated, one registry client shared by the HTTP middleware, the
 * producer edge and the consumers, the producer, and for each stream a validating consumer feeding its sink.
 */
export async function createPipelineRuntime(config: PipelineConfig, logger: Logger): Promise<PipelineRuntime> {
  const credentials = await readApiKey(config.registry.apiKey);
  const baselines = await readDriftBaselines(config.drift?.baselineFile);
  const database = await openPipelineDatabase(config.database, logger);
  const metrics = new ServiceMetrics('charter_pipeline_');
  const enforcement = enforcementMetrics(metrics.registry);
  const streams = pipelineStreams(config.kafka);
  const stats = new PipelineStats(metrics.registry, [
    { id: streams.orders.id, topic: streams.orders.topics.topic },
    { id: streams.userEvents.id, topic: streams.userEvents.topics.topic },
  ]);
  const registry = new RegistryClient({ url: config.registry.url, credentials });
  const kafka = new Kafka({
    clientId: 'charter-pipeline',
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200 },
  });
  const producer = new ContractProducer({
    kafka,
    serializer: new Serializer({ client: registry }),
    policy: 'reject',
    idempotent: config.kafka.idempotent,
    events: enforcement.producer,
  });
  if (!config.lineage) {
    logger.info({ event: 'lineage.off' }, 'no CHARTER_LINEAGE_URL: the sinks report no OpenLineage events');
  }
  const lineageClient =
    config.lineage && new HttpLineageClient(config.lineage.url, credentials, config.lineage.timeoutMs);
  const drift = config.drift
    ? new PipelineDrift({ registryUrl: config.registry.url, credentials, metrics: metrics.registry, baselines, logger })
    : undefined;
  if (!drift) {
    logger.info({ event: 'drift.off' }, 'CHARTER_PIPELINE_DRIFT=off: the consumers profile nothing for drift');
  }
  const fieldsOf = async (schemaId: number) => schemaFields(await registry.schemaById(schemaId));

  const consumerOf = <Row>(stream: PipelineStream<Row>, store: RowStore<Row>): StreamConsumer => {
    const lineage =
      config.lineage && lineageClient
        ? new LineageReporter({
            client: lineageClient,
            job: { namespace: 'charter-pipeline', name: stream.job },
            input: { namespace: config.lineage.kafkaNamespace, name: stream.topics.topic },
            output: { namespace: config.lineage.postgresNamespace, name: stream.table, columns: stream.columns },
            deadLetters: { namespace: config.lineage.kafkaNamespace, name: stream.topics.deadLetterTopic },
            fieldsOf,
            sent: (outcome) => stats.lineageEvent(outcome),
            logger,
          })
        : undefined;
    const sink = new StreamSink({ stream: stream.id, table: stream.table, toRow: stream.toRow, store, stats, lineage });
    const profiler = drift?.observerFor({ subject: stream.subject, topic: stream.topics.topic }, registry);
    const consumer = new ValidatingConsumer({
      kafka,
      groupId: stream.topics.groupId,
      topic: stream.topics.topic,
      deadLetterTopic: stream.topics.deadLetterTopic,
      deserializer: new Deserializer({ client: registry }),
      idempotent: config.kafka.idempotent,
      handler: sink.handle,
      handlerFailure: sink.handlerFailure,
      events: {
        ...enforcement.consumer,
        deadLettered: (letter) => {
          enforcement.consumer.deadLettered?.(letter);
          sink.deadLettered(letter);
        },
        batchProcessed: sink.batchProcessed,
      },
      ...(profiler ? { profiler } : {}),
    });
    return { name: `consumer:${stream.id}`, consumer, lineage, drift: profiler, state: () => consumer.state };
  };
  const consumers = [
    consumerOf(streams.orders, new OrderRepository(database.prisma)),
    consumerOf(streams.userEvents, new UserEventRepository(database.prisma)),
  ];

  return {
    config,
    database,
    metrics,
    stats,
    registry,
    streams,
    producer,
    ingest: new IngestService(producer, stats, config.ingest.maxBatch),
    consumers,
    drift,
    start: async () => {
      await producer.connect();
      await Promise.all(consumers.map((entry) => entry.consumer.start()));
      logger.info(
        { event: 'pipeline.consuming', topics: consumers.map((entry) => entry.name), brokers: config.kafka.brokers },
        'consuming orders and user-events into staging tables',
      );
    },
    stopConsuming: async () => {
      await Promise.all(consumers.map((entry) => entry.consumer.stop()));
      await Promise.all([...consumers.map((entry) => entry.lineage?.flush()), drift?.close()]);
    },
    close: async () => {
      await producer.disconnect().catch(() => undefined);
      await database.close();
    },
  };
}
