/**
 * What a dataset is, read off its OpenLineage namespace (`<scheme>://<authority>`, the OpenLineage naming spec) and the
 * job writing it: the one rule `charter diff`'s impact tables and the runbook's blast radius share.
 */

/** Namespace schemes of message brokers: their datasets are topics (streams). */
export const TOPIC_SCHEMES: ReadonlySet<string> = new Set([
  'kafka',
  'pulsar',
  'kinesis',
  'pubsub',
  'eventhubs',
  'rabbitmq',
  'nats',
  'redpanda',
]);

/** Namespace schemes of databases and warehouses: their datasets are tables. */
export const TABLE_SCHEMES: ReadonlySet<string> = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'sqlserver',
  'mssql',
  'oracle',
  'db2',
  'snowflake',
  'bigquery',
  'redshift',
  'databricks',
  'hive',
  'trino',
  'presto',
  'athena',
  'awsathena',
  'clickhouse',
  'duckdb',
  'sqlite',
  'teradata',
  'spanner',
  'synapse',
]);

/** The namespace's scheme, lower-cased (`kafka` for `Kafka://broker:9092`); '' when it has none. */
export function namespaceScheme(namespace: string): string {
  const colon = namespace.indexOf(':');
  return colon < 0 ? '' : namespace.slice(0, colon).toLowerCase();
}

/** Whether the namespace is a message broker's: its datasets are topics. */
export function isTopicNamespace(namespace: string): boolean {
  return TOPIC_SCHEMES.has(namespaceScheme(namespace));
}

/**
 * Whether a dataset is streaming: a topic, or the output of a streaming job. Everything a batch job writes downstream
 * of a stream is batch: it changes on the job's next run (lineage's inherited streaming flag does not count).
 */
export function isStreamingDataset(dataset: { namespace: string; writer?: { streaming?: unknown } }): boolean {
  return isTopicNamespace(dataset.namespace) || dataset.writer?.streaming === true;
}
