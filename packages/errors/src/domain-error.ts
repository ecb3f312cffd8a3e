/** What kind of failure an error is; each app maps kinds (and codes) to its wire format in one table. */
export type DomainErrorKind =
  | 'not-found'
  | 'conflict'
  | 'invalid-input'
  | 'incompatible'
  | 'unauthenticated'
  | 'forbidden'
  | 'unavailable'
  | 'rate-limited';

export interface DomainErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error family of Charter's domain code. `code` is a stable constant the caller can branch on (tests assert
 * codes, not messages); `message` is a sentence for humans; `details` are facts safe to return to the client.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Whether the same request may succeed if retried unchanged. */
  readonly retriable: boolean = false;
  readonly details: Record<string, unknown>;

  constructor(
    readonly code: Code,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}

export class NotFoundError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'NotFoundError';
  readonly kind = 'not-found';
}

export class ConflictError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'ConflictError';
  readonly kind = 'conflict';
}

export class InvalidInputError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'InvalidInputError';
  readonly kind = 'invalid-input';
}

export class IncompatibleError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'IncompatibleError';
  readonly kind = 'incompatible';
}

/** The caller could not be identified: no credentials, or credentials that are not valid. */
export class UnauthenticatedError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'UnauthenticatedError';
  readonly kind = 'unauthenticated';
}

export class ForbiddenError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'ForbiddenError';
  readonly kind = 'forbidden';
}

/** A dependency (database, broker, another service) cannot answer now; the same request may succeed later. */
export class UnavailableError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'UnavailableError';
  readonly kind = 'unavailable';
  override readonly retriable = true;
}

/** Too many attempts (e.g. failed authentications) from this caller: retry after `retryAfterSeconds`. */
export class RateLimitedError<Code extends string = string> extends DomainError<Code> {
  override readonly name = 'RateLimitedError';
  readonly kind = 'rate-limited';
  override readonly retriable = true;

  constructor(
    code: Code,
    message: string,
    readonly retryAfterSeconds: number,
    options: DomainErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
