export { ConfigError } from './config/config-error';
export {
  commonEnvironment,
  type DatabaseConfig,
  databaseConfig,
  dataDirectory,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogConfig,
  type LogFormat,
  type LogLevel,
  logConfig,
  optionalUrl,
  parseEnvironment,
  type ServiceConfig,
  type ServiceVariables,
  serviceConfig,
  serviceEnvironment,
} from './config/service-environment';
export { createFastifyApp, type FastifyAppOptions } from './http/create-fastify-app';
export { createServiceApp, type ServiceAppOptions } from './http/create-service-app';
export { type HttpObservabilityOptions, installHttpObservability } from './http/http-observability';
export { addIssue, objectOrEmpty, parseRequest, type RequestIssue } from './http/parse-request';
export type { ServiceApp } from './http/service-app';
export { closeHttpServer, openConnections } from './lifecycle/close-http-server';
export {
  EXIT_CONFIG,
  nestService,
  runService,
  type ServiceBaseConfig,
  type ServiceDefinition,
  type ServiceProcess,
  type StartedService,
} from './lifecycle/run-service';
export { ShutdownPlan } from './lifecycle/shutdown-plan';
export { createServiceLogger, type ServiceLogger } from './logging/create-logger';
export { nestLogger } from './logging/nest-logger';
export { registerOperationsRoutes } from './operations/operations-routes';
export {
  type DependencyCheck,
  type DependencyState,
  Readiness,
  type ReadinessReport,
  type ReadinessWarning,
} from './operations/readiness';
export { ServiceMetrics } from './operations/service-metrics';
export { errorChain } from './store/error-chain';
export {
  type DatabaseLogger,
  type OpenDatabase,
  type OpenDatabaseOptions,
  openDatabase,
  type PrismaAdapter,
  type PrismaLike,
} from './store/open-database';
export { isStoreDataError, isStoreTimeout, isStoreUnavailable } from './store/store-errors';
export {
  createStoreErrorTranslator,
  type StoreErrorAnswers,
  type StoreErrorTranslator,
  translateStoreFailure,
} from './store/translate-store-error';
export { escapeUnstorableText, findUnstorableText, isUnstorableText } from './store/unstorable-text';
