import type { SeverityLevel, SeverityPolicy } from './runbook-schema';

/** What decides an incident's severity: lineage's verdict on the change and the tier of the contracts it reaches. */
export interface SeverityFacts {
  verdict: string;
  /** The most important contract tier reached (`tier-1` …); none when no contract is reached. */
  tier?: string;
}

/** The first rule of the runbook's policy whose conditions all hold (an absent condition holds); else `otherwise`. */
export function assessSeverity(policy: SeverityPolicy, facts: SeverityFacts): SeverityLevel {
  for (const rule of policy.rules) {
    const verdictHolds = rule.when.verdict === undefined || rule.when.verdict.includes(facts.verdict as never);
    const tierHolds = rule.when.tier === undefined || (facts.tier !== undefined && rule.when.tier.includes(facts.tier));
    if (verdictHolds && tierHolds) return rule.severity;
  }
  return policy.otherwise;
}

/** `tier-1` before `tier-2` …: the most important of the tiers given (by the number in it), or undefined. */
export function mostImportantTier(tiers: Iterable<string>): string | undefined {
  const rank = (tier: string) => Number(/(\d+)/.exec(tier)?.[1] ?? Number.POSITIVE_INFINITY);
  let best: string | undefined;
  for (const tier of tiers) if (best === undefined || rank(tier) < rank(best)) best = tier;
  return best;
}
