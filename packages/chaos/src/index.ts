export { API_ERROR_STATUS, type ApiErrorBody } from './api/api-error-status';
export { CHAOS_API_VERSION, type ChaosApiOptions, createChaosApiHandler } from './api/chaos-api';
export {
  type ChaosServer,
  DEFAULT_API_LISTEN,
  type StartChaosServerOptions,
  startChaosServer,
} from './api/start-chaos-server';
export { type ChaosError, ChaosErrorCode } from './chaos.errors';
export { type AddToxicInput, ChaosApiError, ChaosClient, type CreateProxyInput } from './client/chaos-client';
export { FaultProxy, type ProxyView } from './proxy/fault-proxy';
export { DEFAULT_LISTEN, ProxyCollection, type ProxyInput, parseProxyInput } from './proxy/proxy-collection';
export { sliceSizes } from './toxics/slice-sizes';
export {
  isToxicType,
  parseToxicDefinition,
  TOXIC_ATTRIBUTES,
  TOXIC_TYPES,
  type ToxicAttributes,
  type ToxicDefinition,
  type ToxicStream,
  type ToxicType,
} from './toxics/toxic-definition';
