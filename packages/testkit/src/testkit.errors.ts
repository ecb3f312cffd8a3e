/** Why a testkit helper failed. Tests assert the code; the message says what to do. */
export const TestkitErrorCode = {
  /** PostgreSQL, Redis or Kafka could not be reached at the configured address. */
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  /** The Kafka test broker could not be built (compiler or librdkafka headers missing). */
  MockKafkaUnavailable: 'MOCK_KAFKA_UNAVAILABLE',
  /** The Kafka test broker exited, or never printed its bootstrap servers. */
  MockKafkaExited: 'MOCK_KAFKA_EXITED',
  /** The Kafka test broker answered a command with `error`. */
  MockKafkaCommandFailed: 'MOCK_KAFKA_COMMAND_FAILED',
  /** A fault was asked of a real cluster (KAFKA_BROKERS is set); only the mock broker injects faults. */
  FaultInjectionUnsupported: 'FAULT_INJECTION_UNSUPPORTED',
  /** An argument would be unsafe or meaningless (bad topic name, partition count, broker id…). */
  InvalidArgument: 'INVALID_ARGUMENT',
  /** A migration failed, or the migration history in the database is not one this applier can continue. */
  MigrationFailed: 'MIGRATION_FAILED',
} as const;

export type TestkitErrorCode = (typeof TestkitErrorCode)[keyof typeof TestkitErrorCode];

export class TestkitError extends Error {
  override readonly name = 'TestkitError';

  constructor(
    readonly code: TestkitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
