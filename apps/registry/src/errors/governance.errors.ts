import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from '@charter/errors';
import { RegistryErrorCode as Code } from './registry-error-code';

/** Errors of Charter's own paths: authentication, ownership, contracts, keys, audit and approvals. */
export const GovernanceErrors = {
  unauthenticated: (reason: string) => new UnauthenticatedError(Code.Unauthenticated, `Unauthorized: ${reason}`),
  invalidSignature: (reason: string) => new UnauthenticatedError(Code.InvalidSignature, `Invalid signature: ${reason}`),
  tooManyFailures: (retryAfterSeconds: number) =>
    new RateLimitedError(
      Code.TooManyFailedAuthentications,
      `Too many failed authentications; retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    ),
  forbidden: (reason: string) => new ForbiddenError(Code.Forbidden, `Forbidden: ${reason}`),
  contractViolation: (message: string, details: Record<string, unknown>) =>
    new ConflictError(Code.ContractViolation, message, { details }),
  invalidContract: (message: string, details: Record<string, unknown> = {}) =>
    new InvalidInputError(Code.InvalidContract, message, { details }),
  contractNotFound: (id: string, version?: string) =>
    new NotFoundError(
      Code.ContractNotFound,
      version === undefined ? `Contract '${id}' not found.` : `Contract '${id}' version ${version} not found.`,
    ),
  contractVersionExists: (id: string, version: string) =>
    new ConflictError(
      Code.ContractVersionExists,
      `Contract '${id}' version ${version} exists with other content; versions are immutable, publish a higher one`,
    ),
  contractTransferRequired: (id: string, from: string, to: string) =>
    new ConflictError(
      Code.ContractTransferRequired,
      `Contract '${id}' belongs to team ${from}; publishing it as team ${to} moves it: an admin does that with PUT /contracts/${id}?transfer=true`,
    ),
  invalidOwnership: (message: string, details: Record<string, unknown> = {}) =>
    new InvalidInputError(Code.InvalidOwnership, message, { details }),
  keyNotFound: (id: string) => new NotFoundError(Code.KeyNotFound, `API key '${id}' not found.`),
  approvalNotFound: (id: string) => new NotFoundError(Code.ApprovalNotFound, `Approval '${id}' not found.`),
  illegalTransition: (id: string, from: string, to: string) =>
    new ConflictError(Code.IllegalApprovalTransition, `Approval '${id}' is ${from}; it cannot become ${to}`),
  invalidRequest: (message: string) => new InvalidInputError(Code.InvalidRequest, message),
  lineageBlocked: (subject: string, summary: string, details: Record<string, unknown>) =>
    new ConflictError(
      Code.LineageBlocked,
      `Schema being registered for subject "${subject}" is blocked by its downstream impact: ${summary}`,
      { details },
    ),
  lineageUnavailable: (subject: string, reason: string) =>
    new UnavailableError(
      Code.LineageUnavailable,
      `Schema being registered for subject "${subject}" makes breaking changes and ${reason}; registration refused (fail-closed): retry, or register it with an approval`,
    ),
  invalidAuditQuery: (message: string) => new InvalidInputError(Code.InvalidAuditQuery, message),
  invalidPromotion: (message: string, path: string) =>
    new InvalidInputError(Code.InvalidPromotion, message, { details: { path } }),
  invalidPromotionHeader: (reason: string) =>
    new InvalidInputError(Code.InvalidPromotionHeader, `Invalid X-Charter-Promotion header: ${reason}`),
};
