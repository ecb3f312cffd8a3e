import { ConflictError, type DomainError, InvalidInputError, NotFoundError } from '@charter/errors';

/** Every failure the fault proxy reports; the control API maps each to an HTTP status in `API_ERROR_STATUS`. */
export const ChaosErrorCode = {
  BadRequestBody: 'BAD_REQUEST_BODY',
  MissingField: 'MISSING_FIELD',
  InvalidAddress: 'INVALID_ADDRESS',
  InvalidStream: 'INVALID_STREAM',
  InvalidToxicType: 'INVALID_TOXIC_TYPE',
  InvalidAttribute: 'INVALID_ATTRIBUTE',
  InvalidToxicity: 'INVALID_TOXICITY',
  ProxyNotFound: 'PROXY_NOT_FOUND',
  ToxicNotFound: 'TOXIC_NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  ProxyExists: 'PROXY_EXISTS',
  ToxicExists: 'TOXIC_EXISTS',
  ListenAddressInUse: 'LISTEN_ADDRESS_IN_USE',
} as const;
export type ChaosErrorCode = (typeof ChaosErrorCode)[keyof typeof ChaosErrorCode];

export type ChaosError = DomainError<ChaosErrorCode>;

export function invalidInput(code: ChaosErrorCode, message: string, details?: Record<string, unknown>): ChaosError {
  return new InvalidInputError(code, message, { details });
}

export function notFound(code: ChaosErrorCode, message: string): ChaosError {
  return new NotFoundError(code, message);
}

export function conflict(code: ChaosErrorCode, message: string): ChaosError {
  return new ConflictError(code, message);
}
