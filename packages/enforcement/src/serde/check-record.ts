import type { ContractCache } from '../contracts/contract-cache';
import type { ContractRules } from '../contracts/contract-rules';
import { EnforcementError, type Violation } from '../enforcement.errors';
import type { RuleMode } from '../rules/domain-rules';
import type { CompiledSchema } from './writer-schemas';

/** What a value is held to: a compiled schema of a subject, and which of its CEL rules apply (on write or read). */
export interface RecordTarget {
  compiled: CompiledSchema;
  subject: string;
  mode: RuleMode;
  /** The value was just decoded with this schema: when the codec says decoding proves it, skip the schema check. */
  decoded?: boolean;
}

/**
 * Every way a value breaks its schema; when it meets the schema, every way it breaks the schema's CEL rules for
 * `mode` and the contract bound to the subject (when `contracts` is given). Empty when it passes them all.
 */
export async function findViolations(
  value: unknown,
  target: RecordTarget,
  contracts: ContractCache | undefined,
): Promise<Violation[]> {
  const rules = contracts ? await contracts.rulesFor(target.subject) : undefined;
  return findViolationsWith(value, target, rules);
}

/** `findViolations` with the contract's rules already in hand (none: the subject has no contract, or not checked). */
export function findViolationsWith(
  value: unknown,
  target: RecordTarget,
  rules: ContractRules | undefined,
): Violation[] {
  const { compiled, mode } = target;
  const violations = target.decoded && compiled.codec.decodesValid ? [] : compiled.codec.validate(value);
  if (violations.length > 0) return violations;
  for (const { action: _action, ...violation } of compiled.rules.check(value, mode)) violations.push(violation);
  if (rules) violations.push(...rules.check(value));
  return violations;
}

/**
 * Holds a record to its schema, then the schema's CEL rules for `mode`, then the contract bound to the subject
 * (when `contracts` is given); throws one `contract-violation` listing every violation `findViolations` reports.
 */
export async function checkRecord(
  value: unknown,
  target: RecordTarget & { schemaId: number },
  contracts: ContractCache | undefined,
): Promise<void> {
  const violations = await findViolations(value, target, contracts);
  if (violations.length > 0) throw recordRefusal(violations, target);
}

/** The one `contract-violation` error a record's violations make. */
export function recordRefusal(violations: Violation[], target: RecordTarget & { schemaId: number }): EnforcementError {
  const { schemaId, subject, mode } = target;
  return new EnforcementError(
    'contract-violation',
    `the ${mode === 'WRITE' ? 'value' : 'record'} breaks schema ${schemaId} of ${subject}, its rules or its contract: ${violations
      .map((violation) => `${violation.path || '/'} ${violation.message}`)
      .join('; ')}`,
    { violations, schemaId, subject },
  );
}
