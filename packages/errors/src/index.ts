export {
  ConflictError,
  DomainError,
  type DomainErrorKind,
  type DomainErrorOptions,
  ForbiddenError,
  IncompatibleError,
  InvalidInputError,
  isDomainError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from './domain-error';
