/**
 * Why a record was refused or could not be read: the class a dead letter is filed under, and whether trying again
 * later can help (a transient failure must never dead-letter a record).
 */
export type EnforcementErrorClass =
  | 'deserialization'
  | 'unknown-schema'
  | 'wrong-subject'
  | 'contract-violation'
  | 'record-too-large'
  | 'registry-unavailable'
  | 'registry-refused';

/** One thing wrong with a record: the rule it broke, where (a JSON pointer into the record) and why. */
export interface Violation {
  rule: string;
  path: string;
  message: string;
}

export class EnforcementError extends Error {
  override readonly name = 'EnforcementError';

  constructor(
    readonly errorClass: EnforcementErrorClass,
    message: string,
    readonly details: { violations?: Violation[]; schemaId?: number; subject?: string; status?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether the same record may succeed later (the registry was down); such failures pause, never dead-letter. */
  get transient(): boolean {
    return this.errorClass === 'registry-unavailable';
  }

  get violations(): Violation[] {
    return this.details.violations ?? [];
  }
}

export const isEnforcementError = (error: unknown): error is EnforcementError => error instanceof EnforcementError;
