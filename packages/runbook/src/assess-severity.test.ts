// Bad inputs tried: an unknown verdict (falls to `otherwise`), no tier at all, tiers without a number, counts that
// are negative, fractional or missing for the conservation check.

import { minimalRunbook, toYaml } from '../test/minimal-runbook';
import type { ActionContext } from './action-registry';
import {
  ActionFailedError,
  assessSeverity,
  BUILTIN_ACTIONS,
  mostImportantTier,
  readRunbook,
  type SeverityPolicy,
} from './index';

const runbook = readRunbook(toYaml(minimalRunbook()));
const policy: SeverityPolicy = runbook.severity;

describe('assessSeverity', () => {
  it.each([
    ['block', 'tier-1', 'SEV-1'],
    ['block', 'tier-2', 'SEV-2'],
    ['block', undefined, 'SEV-2'],
    ['needs-approval', 'tier-1', 'SEV-2'],
    ['warn', 'tier-1', 'SEV-3'],
    ['allow', 'tier-1', 'SEV-4'],
    ['unheard-of', undefined, 'SEV-4'],
  ])('verdict %s, tier %s → %s', (verdict, tier, severity) => {
    expect(assessSeverity(policy, { verdict, tier })).toBe(severity);
  });

  it.each([
    [['tier-3', 'tier-1', 'tier-2'], 'tier-1'],
    [['tier-2'], 'tier-2'],
    [[], undefined],
    [['gold', 'tier-4'], 'tier-4'],
  ])('the most important of %j is %s', (tiers, expected) => {
    expect(mostImportantTier(tiers)).toBe(expected);
  });
});

describe('conservation.check', () => {
  const check = (params: Record<string, unknown>) =>
    BUILTIN_ACTIONS['conservation.check']!(params, {} as ActionContext) as { lost: number };

  it('passes when every produced message is processed or dead-lettered', () => {
    expect(check({ produced: 10, processed: 7, deadLettered: 3 })).toMatchObject({ lost: 0 });
  });

  it.each([
    [{ produced: 10, processed: 7, deadLettered: 2 }, '1 lost'],
    [{ produced: 10, processed: 9, deadLettered: 2 }, '1 extra'],
    [{ produced: -1, processed: 0, deadLettered: 0 }, 'produced must be a whole number'],
    [{ produced: 1.5, processed: 0, deadLettered: 0 }, 'produced must be a whole number'],
    [{ produced: 1, processed: 1 }, 'deadLettered must be a whole number'],
  ])('fails %j (%s)', (params, message) => {
    expect(() => check(params)).toThrow(ActionFailedError);
    expect(() => check(params)).toThrow(message);
  });
});
