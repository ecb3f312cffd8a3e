import { isDomainError } from '@charter/errors';
import { HttpException } from '@nestjs/common';
import { RegistryErrors } from '../errors/registry.errors';
import type { RegistryErrorCode } from '../errors/registry-error-code';
import { REGISTRY_WIRE_ERRORS } from '../errors/registry-wire-errors';

export interface WireResponse {
  status: number;
  body: { error_code: number; message: string };
  /** Unknown errors: log them with their stack; the client only sees a generic message. */
  isUnexpected: boolean;
  retriable: boolean;
}

/** Fastify's own errors for bodies it cannot take, by code. */
const FASTIFY_ERRORS: Record<string, (error: { message: string }) => Error> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (error) => RegistryErrors.unsupportedMediaType(error.message),
  FST_ERR_CTP_BODY_TOO_LARGE: () => RegistryErrors.bodyTooLarge(0),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => RegistryErrors.invalidRequest('The request body must not be empty'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => RegistryErrors.malformedBody('Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_TYPE: () => RegistryErrors.unsupportedMediaType('(empty)'),
  FST_ERR_CTP_INVALID_TYPE: () => RegistryErrors.unsupportedMediaType('(invalid)'),
};

/** Maps anything thrown while answering a request to Confluent's `{error_code, message}` and an HTTP status. */
export function toWireError(error: unknown, bodyLimit: number): WireResponse {
  let known: unknown = error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FASTIFY_ERRORS) {
    known =
      code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? RegistryErrors.bodyTooLarge(bodyLimit)
        : FASTIFY_ERRORS[code]!(error as Error);
  }
  if (isDomainError(known)) {
    const wire = REGISTRY_WIRE_ERRORS[known.code as RegistryErrorCode];
    if (wire) {
      return {
        status: wire.status,
        body: { error_code: wire.errorCode, message: known.message },
        isUnexpected: false,
        retriable: known.retriable,
      };
    }
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      status,
      body: { error_code: status, message: `HTTP ${status} ${error.message}` },
      isUnexpected: status >= 500,
      retriable: false,
    };
  }
  return {
    status: 500,
    body: { error_code: 500, message: 'Internal Server Error' },
    isUnexpected: true,
    retriable: false,
  };
}
