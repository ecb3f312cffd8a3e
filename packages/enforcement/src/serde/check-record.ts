import type { ContractCache } from '../contracts/contract-cache';
import { EnforcementError } from '../enforcement.errors';
import type { RuleMode } from '../rules/domain-rules';
import type { CompiledSchema } from './writer-schemas';

/**
 * Holds a record to its schema, then the schema's CEL rules for `mode`, then the contract bound to the subject
 * (when `contracts` is given); throws one `contract-violation` listing every violation of the first layer that fails.
 */
export async function checkRecord(
  value: unknown,
  target: { compiled: CompiledSchema; schemaId: number; subject: string; mode: RuleMode },
  contracts: ContractCache | undefined,
): Promise<void> {
  const { compiled, schemaId, subject, mode } = target;
  const violations = compiled.codec.validate(value);
  if (violations.length === 0) {
    violations.push(...compiled.rules.check(value, mode).map(({ action: _action, ...violation }) => violation));
    if (contracts) violations.push(...((await contracts.rulesFor(subject))?.check(value) ?? []));
  }
  if (violations.length > 0) {
    throw new EnforcementError(
      'contract-violation',
      `the ${mode === 'WRITE' ? 'value' : 'record'} breaks schema ${schemaId} of ${subject}, its rules or its contract: ${violations
        .map((violation) => `${violation.path || '/'} ${violation.message}`)
        .join('; ')}`,
      { violations, schemaId, subject },
    );
  }
}
