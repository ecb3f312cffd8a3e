import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { digestPromotion, type PromotionStep, promotedSubjects, summarizePromotion } from './promotion';

const schemaStep = fc.record({
  kind: fc.constant('schema' as const),
  subject: fc.string({ minLength: 1, maxLength: 20 }),
  version: fc.integer({ min: 1, max: 1_000 }),
  id: fc.integer({ min: 1, max: 100_000 }),
  fingerprint: fc.stringMatching(/^[0-9a-f]{64}$/),
});
const contractStep = fc.record({
  kind: fc.constant('contract' as const),
  contract: fc.string({ minLength: 1, maxLength: 20 }),
  version: fc.constantFrom('1.0.0', '3.1.0', '10.2.3-rc.1'),
});
const steps = fc.array(fc.oneof(schemaStep, contractStep), { minLength: 1, maxLength: 20 });

/** The same step with its fields in reverse order (as a client's JSON may send them). */
function reversed(step: PromotionStep): PromotionStep {
  return Object.fromEntries(Object.entries(step).reverse()) as unknown as PromotionStep;
}

describe('digestPromotion', () => {
  it('is the documented sha256 over the JSON of { from, to, steps } in canonical field order', () => {
    const given: PromotionStep[] = [
      { kind: 'schema', subject: 's', version: 3, id: 17, fingerprint: 'f'.repeat(64) },
      { kind: 'contract', contract: 'orders', version: '3.1.0' },
    ];
    const text = `{"from":"staging","to":"prod","steps":[{"kind":"schema","subject":"s","version":3,"id":17,"fingerprint":"${'f'.repeat(64)}"},{"kind":"contract","contract":"orders","version":"3.1.0"}]}`;
    expect(digestPromotion({ from: 'staging', to: 'prod', steps: given })).toBe(
      `sha256:${createHash('sha256').update(text).digest('hex')}`,
    );
  });

  it('does not depend on the order of a step’s fields', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        expect(digestPromotion({ from: 'a', to: 'b', steps: plan.map(reversed) })).toBe(
          digestPromotion({ from: 'a', to: 'b', steps: plan }),
        );
      }),
    );
  });

  it('changes with the route, the order of the steps, and any step', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (plan, at) => {
        const base = digestPromotion({ from: 'a', to: 'b', steps: plan });
        expect(digestPromotion({ from: 'a', to: 'c', steps: plan })).not.toBe(base);
        const index = at % plan.length;
        const changed = plan.map((step, i) => (i === index ? { ...step, version: bump(step) } : step));
        expect(digestPromotion({ from: 'a', to: 'b', steps: changed as PromotionStep[] })).not.toBe(base);
        const swapped = [...plan].reverse();
        if (JSON.stringify(swapped) !== JSON.stringify(plan)) {
          expect(digestPromotion({ from: 'a', to: 'b', steps: swapped })).not.toBe(base);
        }
      }),
    );
  });
});

function bump(step: PromotionStep): number | string {
  return step.kind === 'schema' ? step.version + 1 : `${step.version}.x`;
}

describe('promotedSubjects and summarizePromotion', () => {
  it('lists each written subject once, in plan order, and summarizes without steps', () => {
    const plan = {
      id: 'i',
      from: 'a',
      to: 'b',
      digest: 'd',
      steps: [
        { kind: 'schema', subject: 'y', version: 1, id: 1, fingerprint: 'f' },
        { kind: 'contract', contract: 'c', version: '1.0.0' },
        { kind: 'schema', subject: 'x', version: 1, id: 2, fingerprint: 'f' },
        { kind: 'schema', subject: 'y', version: 2, id: 3, fingerprint: 'f' },
      ] as PromotionStep[],
    };
    expect(promotedSubjects(plan.steps)).toEqual(['y', 'x']);
    expect(summarizePromotion(plan)).toEqual({ id: 'i', from: 'a', to: 'b', digest: 'd', stepCount: 4 });
  });
});
