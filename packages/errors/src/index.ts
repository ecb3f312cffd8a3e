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
  UnauthenticatedError,
  UnavailableError,
} from './domain-error';
