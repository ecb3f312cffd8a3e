export { API_BASE, ApiClient, buildUrl, type RequestOptions, segment } from './api-client';
export { ApiProvider, useApi } from './api-context';
export { ApiError, CONSOLE_ERRORS, type Service, toApiError } from './api-error';
export { catalogQuery } from './queries';
export type * from './registry-types';
