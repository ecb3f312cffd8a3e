import type { ContractCache } from '../contracts/contract-cache';
import { EnforcementError, type Violation } from '../enforcement.errors';
import type { RuleMode } from '../rules/domain-rules';
import type { CompiledSchema } from './writer-schemas';

/** What a value is held to: a compiled schema of a subject, and which of its CEL rules apply (on write or read). */
export interface RecordTarget {
  compiled: CompiledSchema;
  subject: string;
  mode: RuleMode;
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
  const { compiled, subject, mode } = target;
  const violations = compiled.codec.validate(value);
  if (violations.length > 0) return violations;
  for (const { action: _action, ...violation } of compiled.rules.check(value, mode)) violations.push(violation);
  if (contracts) violations.push(...((await contracts.rulesFor(subject))?.check(value) ?? []));
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
  if (violations.length > 0) {
    const { schemaId, subject, mode } = target;
    throw new EnforcementError(
      'contract-violation',
      `the ${mode === 'WRITE' ? 'value' : 'record'} breaks schema ${schemaId} of ${subject}, its rules or its contract: ${violations
        .map((violation) => `${violation.path || '/'} ${violation.message}`)
        .join('; ')}`,
      { violations, schemaId, subject },
    );
  }
}
