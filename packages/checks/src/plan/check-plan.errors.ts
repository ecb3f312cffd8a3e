/** Why a contract cannot be turned into checks: each is a usage error (exit 2), never a silent pass. */
export type CheckPlanErrorCode =
  | 'unknown-metric'
  | 'invalid-rule'
  | 'unknown-object'
  | 'object-required'
  /** A check Charter cannot run on this kind of property (a date bound on a nested property). */
  | 'unsupported-check';

export class CheckPlanError extends Error {
  override readonly name = 'CheckPlanError';
  constructor(
    readonly code: CheckPlanErrorCode,
    message: string,
  ) {
    super(message);
  }
}
