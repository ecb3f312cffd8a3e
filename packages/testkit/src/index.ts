export { readSqlMigrations, type SqlMigration } from '@charter/migrations';
export { applySqlMigrations } from './apply-sql-migrations';
export {
  type AvroShape,
  avroShape,
  type MaterializedAvroSchema,
  type MaterializeOptions,
  materializeAvroSchema,
} from './arbitraries/avro-schemas';
export { type ChangedJsonSchema, changeJsonSchema, jsonSchemaDocument, respellJson } from './arbitraries/json-schemas';
export { checkDockerfile, type DockerfileProblem } from './check-dockerfile';
export { type CreateTestDatabaseOptions, createTestDatabase, type TestDatabase } from './create-test-database';
export { createTestRedis, type TestRedis } from './create-test-redis';
export { type AppContainer, type ContainerConfig, describeAppContainer } from './describe-app-container';
export { findFreePort } from './find-free-port';
export { listInitialDatabases } from './list-initial-databases';
export { type ComposeFile, type ComposePort, type ComposeService, readComposeFile } from './read-compose-file';
export { type DockerfileCopy, type DockerfileStage, healthcheckUrl, readDockerfile } from './read-dockerfile';
export { refusalOf } from './refusal-of';
export { pathSpellings, type RawResponse, sendRawRequest } from './send-raw-request';
export { type PrivatePostgres, startPrivatePostgres } from './start-private-postgres';
export { type PrivateRedis, startPrivateRedis } from './start-private-redis';
export { type RecordedRequest, type RecordingServer, startRecordingServer } from './start-recording-server';
export { type StartTestKafkaOptions, startTestKafka, type TestKafka, type TestKafkaTopic } from './start-test-kafka';
export { TestkitError, TestkitErrorCode } from './testkit.errors';
export { type WaitUntilOptions, waitUntil } from './wait-until';
