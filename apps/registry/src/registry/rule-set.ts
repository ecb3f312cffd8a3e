import { RegistryErrors } from '../errors/registry.errors';

const MIGRATION_MODES = new Set(['UPGRADE', 'DOWNGRADE', 'UPDOWN']);
const DOMAIN_MODES = new Set(['WRITE', 'READ', 'WRITEREAD']);
const KINDS = new Set(['TRANSFORM', 'CONDITION']);

/**
 * Checks a data-contract rule set as Confluent does before storing it (42210): migration rules only UPGRADE,
 * DOWNGRADE or UPDOWN; domain and encoding rules only WRITE, READ or WRITEREAD; every rule named, once.
 */
export function assertValidRuleSet(ruleSet: Record<string, unknown> | null): void {
  const problem = findRuleSetProblem(ruleSet);
  if (problem !== undefined) throw RegistryErrors.invalidRuleSet(problem);
}

/** The first thing wrong with a rule set, in Confluent's words, or undefined. */
export function findRuleSetProblem(ruleSet: Record<string, unknown> | null): string | undefined {
  if (ruleSet === null) return undefined;
  const names = new Set<string>();
  for (const [group, modes] of [
    ['migrationRules', MIGRATION_MODES],
    ['domainRules', DOMAIN_MODES],
    ['encodingRules', DOMAIN_MODES],
  ] as const) {
    const rules = ruleSet[group];
    if (rules === undefined || rules === null) continue;
    if (!Array.isArray(rules)) return `ruleSet.${group} must be an array of rules`;
    for (const rule of rules as unknown[]) {
      if (typeof rule !== 'object' || rule === null) return `ruleSet.${group} must hold rule objects`;
      const { name, kind, mode } = rule as { name?: unknown; kind?: unknown; mode?: unknown };
      if (typeof name !== 'string' || name.length === 0) return `Every rule in ruleSet.${group} needs a name`;
      if (names.has(name)) return `Found rule with duplicate name '${name}'`;
      names.add(name);
      if (kind !== undefined && (typeof kind !== 'string' || !KINDS.has(kind))) {
        // JSON, not String(): an object whose toString is not a function would throw here (a 500).
        return `Rule '${name}' has kind ${typeof kind === 'string' ? kind : JSON.stringify(kind)}; expected TRANSFORM or CONDITION`;
      }
      if (mode !== undefined && (typeof mode !== 'string' || !modes.has(mode))) {
        return 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN and domain rules can only be WRITE, READ, WRITEREAD.';
      }
    }
  }
  return undefined;
}
