// What other packages' tests use to run a real registry (`@charter/registry/testing`); never imported by src.
export { confluentClient } from './confluent-client';
export { type IssuedKey, issueKey, TEST_OWNERSHIP } from './governance';
export { avroRecord, type HttpResult, RegistryHttp, SR_CONTENT_TYPE } from './registry-http';
export {
  MIGRATIONS_DIR,
  type StartTestRegistryOptions,
  startTestRegistry,
  type TestRegistry,
  useTestRegistry,
} from './start-test-registry';
