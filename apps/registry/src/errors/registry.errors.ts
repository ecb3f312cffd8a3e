import {
  ConflictError,
  type DomainError,
  IncompatibleError,
  InvalidInputError,
  NotFoundError,
  UnavailableError,
} from '@charter/errors';
import { RegistryErrorCode as Code, type RegistryErrorCode } from './registry-error-code';

export type RegistryError = DomainError<RegistryErrorCode>;

/**
 * The registry's errors, with Confluent Schema Registry's message texts where clients may match on them (including
 * Confluent's own spelling, e.g. "deleted.Set permanent=true").
 */
export const RegistryErrors = {
  subjectNotFound: (subject: string) => new NotFoundError(Code.SubjectNotFound, `Subject '${subject}' not found.`),
  versionNotFound: (version: number) => new NotFoundError(Code.VersionNotFound, `Version ${version} not found.`),
  schemaNotFound: (id?: number | string) =>
    new NotFoundError(Code.SchemaNotFound, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (subject: string) =>
    new NotFoundError(
      Code.SubjectSoftDeleted,
      `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`,
    ),
  subjectNotSoftDeleted: (subject: string) =>
    new NotFoundError(
      Code.SubjectNotSoftDeleted,
      `Subject '${subject}' was not deleted first before being permanently deleted`,
    ),
  versionSoftDeleted: (subject: string, version: string) =>
    new NotFoundError(
      Code.VersionSoftDeleted,
      `Subject '${subject}' Version ${version} was soft deleted.Set permanent=true to delete permanently`,
    ),
  versionNotSoftDeleted: (subject: string, version: string) =>
    new NotFoundError(
      Code.VersionNotSoftDeleted,
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
    ),
  compatibilityNotConfigured: (subject: string) =>
    new NotFoundError(
      Code.SubjectCompatibilityNotConfigured,
      `Subject '${subject}' does not have subject-level compatibility configured`,
    ),
  modeNotConfigured: (subject: string) =>
    new NotFoundError(
      Code.SubjectModeNotConfigured,
      `Subject '${subject}' does not have subject-level mode configured`,
    ),
  incompatibleSchema: (subject: string, messages: readonly string[], details: Record<string, unknown>) =>
    new IncompatibleError(
      Code.IncompatibleSchema,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`,
      { details },
    ),
  invalidSchema: (message: string, details: Record<string, unknown> = {}) =>
    new InvalidInputError(Code.InvalidSchema, message, { details }),
  schemaTooLarge: (message: string, details: Record<string, unknown> = {}) =>
    new InvalidInputError(Code.SchemaTooLarge, `Register operation failed because schema is too large: ${message}`, {
      details,
    }),
  /** GET /subjects/{s}/diff without a usable `from` or `to`. */
  invalidDiffQuery: (message: string) => new InvalidInputError(Code.InvalidVersion, message),
  invalidVersion: (version: string) =>
    new InvalidInputError(
      Code.InvalidVersion,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  invalidCompatibilityLevel: () =>
    new InvalidInputError(
      Code.InvalidCompatibilityLevel,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    ),
  invalidMode: () =>
    new InvalidInputError(Code.InvalidMode, 'Invalid mode. Valid values are READWRITE, READONLY, and IMPORT.'),
  operationNotPermitted: (message: string) => new InvalidInputError(Code.OperationNotPermitted, message),
  readOnly: (subject: string) =>
    new InvalidInputError(Code.OperationNotPermitted, `Subject ${subject} is in read-only mode`),
  referenceExists: (subject: string, version: number, referencedBy: readonly number[]) =>
    new InvalidInputError(
      Code.ReferenceExists,
      `One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=${subject},version=${version}}.`,
      { details: { referencedBy } },
    ),
  idDoesNotMatch: (existingId: number, requestedId: number) =>
    new ConflictError(
      Code.IdDoesNotMatch,
      `Schema already registered with id ${existingId} instead of input id ${requestedId}`,
    ),
  invalidSubject: (subject: string, reason: string) =>
    new InvalidInputError(Code.InvalidSubject, `The specified subject '${subject}' is not a valid. ${reason}`),
  invalidRuleSet: (message: string) => new InvalidInputError(Code.InvalidRuleSet, message),
  invalidRequest: (message: string) => new InvalidInputError(Code.InvalidRequest, message),
  schemaLimit: (
    code:
      | typeof Code.TooManyFields
      | typeof Code.TooManyEnumSymbols
      | typeof Code.TooManyUnionBranches
      | typeof Code.TooManyProperties
      | typeof Code.TooManyReferences,
    message: string,
    details: Record<string, unknown> = {},
  ) => new InvalidInputError(code, `Invalid schema: ${message}`, { details }),
  busy: (what: string) => new UnavailableError(Code.Busy, `Too much ${what} is waiting; retry shortly`),
  malformedBody: (message: string) => new InvalidInputError(Code.MalformedBody, message),
  bodyTooLarge: (limit: number) =>
    new InvalidInputError(Code.BodyTooLarge, `Request body is larger than the limit of ${limit} bytes`),
  // Confluent's server (JAX-RS) answers these three with exactly these messages; clients may compare them.
  unsupportedMediaType: (contentType: string) =>
    new InvalidInputError(Code.UnsupportedMediaType, 'HTTP 415 Unsupported Media Type', { details: { contentType } }),
  notAcceptable: () => new InvalidInputError(Code.NotAcceptable, 'HTTP 406 Not Acceptable'),
  /** No such route, or a path parameter that cannot be what the route takes (`/schemas/ids/invalid`). */
  routeNotFound: (method: string, path: string) =>
    new NotFoundError(Code.RouteNotFound, 'HTTP 404 Not Found', { details: { method, path } }),
  storeUnavailable: (cause: unknown) =>
    new UnavailableError(Code.StoreUnavailable, 'Error in the backend data store: database unavailable, retry', {
      cause,
    }),
  operationTimeout: (operation: string, cause?: unknown) =>
    new UnavailableError(Code.OperationTimeout, `${operation} operation timed out`, { cause }),
};
