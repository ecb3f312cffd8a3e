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
  UnavailableError,
} from './domain-error';
