/** Which Charter API a request went to (through the console server's same-origin proxy). */
export type Service = 'registry' | 'lineage';

/** Codes the console itself gives, beside the ones the services send. */
export const CONSOLE_ERRORS = {
  /** The console server could not reach the service (its proxy answered 502/503/504). */
  unavailable: 'UPSTREAM_UNAVAILABLE',
  /** The browser could not reach the console server at all. */
  network: 'NETWORK_ERROR',
  /** The service answered with something that is not JSON. */
  badResponse: 'BAD_RESPONSE',
} as const;

/**
 * A failed API call, typed: the HTTP status, the service's own error code (the registry's Confluent `error_code`,
 * lineage's `error`, the console proxy's `error`) and its message, ready to show.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly service: Service,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The service could not be reached: the page says it is unavailable rather than showing an error. */
  get isUnavailable(): boolean {
    return this.code === CONSOLE_ERRORS.unavailable || this.code === CONSOLE_ERRORS.network;
  }

  /** The key was refused (wrong, revoked, expired). */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isForbidden(): boolean {
    return this.status === 403;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** Reads an error body in any of the shapes Charter's services answer with. */
export function toApiError(service: Service, status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rawCode = record.error ?? record.error_code ?? record.code ?? status;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : String(status);
  const message =
    typeof record.message === 'string' && record.message !== '' ? record.message : `${service} answered HTTP ${status}`;
  if (status === 502 || status === 503 || status === 504) {
    if (record.error === CONSOLE_ERRORS.unavailable || Object.keys(record).length === 0) {
      return new ApiError(service, status, CONSOLE_ERRORS.unavailable, `${service} is unavailable`, record);
    }
  }
  return new ApiError(service, status, code, message, record);
}
