import { RegistryErrorCode } from './registry-error-code';

export interface WireError {
  /** HTTP status. */
  status: number;
  /** Confluent's `error_code`. */
  errorCode: number;
}

/**
 * The one table from Charter's registry error codes to Confluent Schema Registry's HTTP status and `error_code`.
 * Typed as a total record, so a new code cannot be added without deciding how it looks on the wire.
 * Deliberate departures from Confluent: 42209 (schema too large) is a 422, not Confluent's 500, and a store that
 * cannot be reached answers 503 (retriable) with Confluent's 50001.
 */
export const REGISTRY_WIRE_ERRORS: Record<RegistryErrorCode, WireError> = {
  [RegistryErrorCode.SubjectNotFound]: { status: 404, errorCode: 40401 },
  [RegistryErrorCode.VersionNotFound]: { status: 404, errorCode: 40402 },
  [RegistryErrorCode.SchemaNotFound]: { status: 404, errorCode: 40403 },
  [RegistryErrorCode.SubjectSoftDeleted]: { status: 404, errorCode: 40404 },
  [RegistryErrorCode.SubjectNotSoftDeleted]: { status: 404, errorCode: 40405 },
  [RegistryErrorCode.VersionSoftDeleted]: { status: 404, errorCode: 40406 },
  [RegistryErrorCode.VersionNotSoftDeleted]: { status: 404, errorCode: 40407 },
  [RegistryErrorCode.SubjectCompatibilityNotConfigured]: { status: 404, errorCode: 40408 },
  [RegistryErrorCode.SubjectModeNotConfigured]: { status: 404, errorCode: 40409 },
  [RegistryErrorCode.IncompatibleSchema]: { status: 409, errorCode: 40901 },
  [RegistryErrorCode.InvalidSchema]: { status: 422, errorCode: 42201 },
  [RegistryErrorCode.InvalidVersion]: { status: 422, errorCode: 42202 },
  [RegistryErrorCode.InvalidCompatibilityLevel]: { status: 422, errorCode: 42203 },
  [RegistryErrorCode.InvalidMode]: { status: 422, errorCode: 42204 },
  [RegistryErrorCode.OperationNotPermitted]: { status: 422, errorCode: 42205 },
  [RegistryErrorCode.ReferenceExists]: { status: 422, errorCode: 42206 },
  [RegistryErrorCode.IdDoesNotMatch]: { status: 422, errorCode: 42207 },
  [RegistryErrorCode.InvalidSubject]: { status: 422, errorCode: 42208 },
  [RegistryErrorCode.SchemaTooLarge]: { status: 422, errorCode: 42209 },
  [RegistryErrorCode.InvalidRuleSet]: { status: 422, errorCode: 42210 },
  [RegistryErrorCode.InvalidRequest]: { status: 422, errorCode: 422 },
  [RegistryErrorCode.MalformedBody]: { status: 400, errorCode: 400 },
  [RegistryErrorCode.BodyTooLarge]: { status: 413, errorCode: 413 },
  [RegistryErrorCode.UnsupportedMediaType]: { status: 415, errorCode: 415 },
  [RegistryErrorCode.NotAcceptable]: { status: 406, errorCode: 406 },
  [RegistryErrorCode.RouteNotFound]: { status: 404, errorCode: 404 },
  [RegistryErrorCode.MethodNotAllowed]: { status: 405, errorCode: 405 },
  [RegistryErrorCode.StoreUnavailable]: { status: 503, errorCode: 50001 },
  [RegistryErrorCode.OperationTimeout]: { status: 503, errorCode: 50002 },
  // Charter's own (governance): Confluent-shaped bodies, codes in Confluent's status-prefixed style.
  [RegistryErrorCode.Unauthenticated]: { status: 401, errorCode: 40101 },
  [RegistryErrorCode.InvalidSignature]: { status: 401, errorCode: 40102 },
  [RegistryErrorCode.Forbidden]: { status: 403, errorCode: 40301 },
  [RegistryErrorCode.ContractNotFound]: { status: 404, errorCode: 40420 },
  [RegistryErrorCode.KeyNotFound]: { status: 404, errorCode: 40421 },
  [RegistryErrorCode.ApprovalNotFound]: { status: 404, errorCode: 40422 },
  [RegistryErrorCode.ContractViolation]: { status: 409, errorCode: 40920 },
  [RegistryErrorCode.ContractVersionExists]: { status: 409, errorCode: 40921 },
  [RegistryErrorCode.ContractTransferRequired]: { status: 409, errorCode: 40923 },
  [RegistryErrorCode.TooManyFailedAuthentications]: { status: 429, errorCode: 42901 },
  // Schema limits (documented in the README): what no real schema needs, each with its own code.
  [RegistryErrorCode.TooManyFields]: { status: 422, errorCode: 42230 },
  [RegistryErrorCode.TooManyEnumSymbols]: { status: 422, errorCode: 42231 },
  [RegistryErrorCode.TooManyUnionBranches]: { status: 422, errorCode: 42232 },
  [RegistryErrorCode.TooManyProperties]: { status: 422, errorCode: 42233 },
  [RegistryErrorCode.TooManyReferences]: { status: 422, errorCode: 42234 },
  [RegistryErrorCode.Busy]: { status: 503, errorCode: 50004 },
  [RegistryErrorCode.IllegalApprovalTransition]: { status: 409, errorCode: 40922 },
  [RegistryErrorCode.InvalidContract]: { status: 422, errorCode: 42220 },
  [RegistryErrorCode.InvalidOwnership]: { status: 422, errorCode: 42221 },
  [RegistryErrorCode.InvalidAuditQuery]: { status: 422, errorCode: 42222 },
  [RegistryErrorCode.LineageBlocked]: { status: 409, errorCode: 40930 },
  [RegistryErrorCode.LineageUnavailable]: { status: 503, errorCode: 50003 },
  // Check runs and drift events (POST /checks, POST /drift-events and their lists).
  [RegistryErrorCode.InvalidCheckRun]: { status: 422, errorCode: 42240 },
  [RegistryErrorCode.CheckRunTooManyResults]: { status: 422, errorCode: 42241 },
  [RegistryErrorCode.CheckRunInconsistent]: { status: 422, errorCode: 42242 },
  [RegistryErrorCode.InvalidDriftEvent]: { status: 422, errorCode: 42243 },
  [RegistryErrorCode.InvalidHistoryQuery]: { status: 422, errorCode: 42244 },
  [RegistryErrorCode.CheckRunNotFound]: { status: 404, errorCode: 40440 },
  [RegistryErrorCode.CheckRunConflict]: { status: 409, errorCode: 40940 },
  [RegistryErrorCode.DriftEventConflict]: { status: 409, errorCode: 40941 },
  [RegistryErrorCode.CheckRunTooLarge]: { status: 413, errorCode: 41301 },
  [RegistryErrorCode.DriftEventTooLarge]: { status: 413, errorCode: 41302 },
  // Promotions (POST /approvals with a `promotion`, the X-Charter-Promotion header).
  [RegistryErrorCode.InvalidPromotion]: { status: 422, errorCode: 42250 },
  [RegistryErrorCode.InvalidPromotionHeader]: { status: 400, errorCode: 40050 },
  // Incidents (POST /incidents and its timeline, ack and close).
  [RegistryErrorCode.InvalidIncident]: { status: 422, errorCode: 42260 },
  [RegistryErrorCode.IncidentNotFound]: { status: 404, errorCode: 40460 },
  [RegistryErrorCode.IncidentClosed]: { status: 409, errorCode: 40960 },
  [RegistryErrorCode.IncidentIdempotencyConflict]: { status: 409, errorCode: 40961 },
  [RegistryErrorCode.PostmortemNotFound]: { status: 404, errorCode: 40461 },
};
