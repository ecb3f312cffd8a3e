// Bad inputs tried: an unknown --subject or --contract (PromotionError, exit 2), a version number taken on the
// target by other content, an id taken by another schema, an incompatible version at the target's level, a
// reference to a version that is nowhere, a contract version older than the target's current one, a contract naming
// a team (owner or consumer) the target's ownership file lacks.
import fc from 'fast-check';
import { orderSteps } from './order-steps';
import { digestPlan, planPromotion } from './plan-promotion';
import { PromotionError } from './promotion-error';
import type { PlanPolicy, PromotionPlan, RegistrySnapshot, SchemaReference, SubjectVersion } from './promotion-types';

const record = (name: string, fields: string[]) =>
  JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((field) =>
      field.endsWith('?')
        ? { name: field.slice(0, -1), type: ['null', 'string'], default: null }
        : { name: field, type: 'string' },
    ),
  });

function version(
  subject: string,
  number: number,
  id: number,
  fields: string[],
  references: SchemaReference[] = [],
): SubjectVersion {
  return {
    subject,
    version: number,
    id,
    schemaType: 'AVRO',
    schema: record(subject.replace(/\W/g, '_'), fields),
    references,
  };
}

const snapshot = (versions: SubjectVersion[], contracts: RegistrySnapshot['contracts'] = []): RegistrySnapshot => ({
  versions,
  contracts,
});
const all = { kind: 'all' } as const;
const keep: PlanPolicy = { preserveIds: true, compatibility: 'BACKWARD_TRANSITIVE' };
const plain: PlanPolicy = { preserveIds: false };
const keys = (plan: PromotionPlan) =>
  plan.steps.map((step) =>
    step.kind === 'schema' ? `${step.subject}/${step.version}` : `${step.contract}@${step.version}`,
  );

describe('planPromotion', () => {
  const a1 = version('a', 1, 1, ['x']);
  const a2 = version('a', 2, 2, ['x', 'y?']);
  const key1 = version('k', 1, 3, ['id']);
  const b1 = version('b', 1, 4, ['z'], [{ name: 'k', subject: 'k', version: 1 }]);

  it.each<[string, SubjectVersion[], SubjectVersion[], PlanPolicy, string[], string[]]>([
    ['an empty target gets everything, in order', [a1, a2], [], keep, ['a/1', 'a/2'], []],
    ['a target holding everything gets nothing', [a1, a2], [a1, a2], keep, [], []],
    ['only the missing versions', [a1, a2], [a1], keep, ['a/2'], []],
    ['references before their dependants', [b1, key1], [], keep, ['k/1', 'b/1'], []],
    ['the same content under another number is there already', [a1], [{ ...a1, version: 4, id: 40 }], keep, [], []],
    [
      'a version number holding other content: diverged',
      [a1, a2],
      [a1, { ...version('a', 2, 9, ['x', 'w?']) }],
      keep,
      ['a/2'],
      ['version-diverged'],
    ],
    ['an id taken by another schema', [a1], [version('other', 1, 1, ['q'])], keep, ['a/1'], ['id-taken']],
    ['ids are not checked when not preserved', [a1], [version('other', 1, 1, ['q'])], plain, ['a/1'], []],
    [
      'an incompatible version at the target level',
      [a1, version('a', 2, 2, ['x', 'y'])],
      [a1],
      keep,
      ['a/2'],
      ['incompatible'],
    ],
    [
      'a later version is judged against the plan before it',
      [a1, a2, version('a', 3, 5, ['y'])],
      [a1],
      keep,
      ['a/2', 'a/3'],
      ['incompatible'],
    ],
    [
      'a reference to a version that is nowhere',
      [version('c', 1, 6, ['z'], [{ name: 'k', subject: 'k', version: 7 }]), key1],
      [],
      keep,
      ['c/1', 'k/1'],
      ['reference-missing', 'invalid-schema'],
    ],
  ])('%s', (_name, source, target, policy, steps, refusals) => {
    const plan = planPromotion({ source: snapshot(source), target: snapshot(target), selection: all, policy });
    expect(keys(plan)).toEqual(steps);
    expect(plan.refusals.map((refusal) => refusal.code)).toEqual(refusals);
  });

  it('selects a subject with the subjects it references, and nothing else', () => {
    const plan = planPromotion({
      source: snapshot([a1, b1, key1]),
      target: snapshot([]),
      selection: { kind: 'subject', subject: 'b' },
      policy: keep,
    });
    expect(keys(plan)).toEqual(['k/1', 'b/1']);
  });

  it('maps the versions already there, for rewriting references', () => {
    const plan = planPromotion({
      source: snapshot([b1, key1]),
      target: snapshot([{ ...key1, version: 3, id: 30 }]),
      selection: all,
      policy: plain,
    });
    expect(plan.versionMap).toEqual({ 'k/1': 3 });
    expect(keys(plan)).toEqual(['b/1']);
  });

  it.each<[string, string[] | undefined, string[]]>([
    ['the target knows every team', ['orders', 'analytics'], []],
    ['the owner team is unknown there', ['analytics'], ['team-unknown']],
    ['a consumer team is unknown there', ['orders'], ['team-unknown']],
    ['the target ownership was not read', undefined, []],
  ])('contracts and the target ownership: %s', (_name, teams, codes) => {
    const document = {
      team: { name: 'orders' },
      customProperties: [{ property: 'consumers', value: [{ id: 'dash', team: 'analytics' }] }],
    };
    const plan = planPromotion({
      source: snapshot([a1], [{ id: 'orders', version: '1.0.0', subjects: ['a'], document }]),
      target: { ...snapshot([]), ...(teams ? { teams } : {}) },
      selection: all,
      policy: keep,
    });
    expect(plan.refusals.map((refusal) => refusal.code)).toEqual(codes);
    if (codes.length > 0)
      expect(plan.refusals[0]!.message).toMatch(/contract orders 1\.0\.0 names team\(s\) (orders|analytics),/);
  });

  it('plans contract versions newer than the target current one, after the schemas', () => {
    const contract = (v: string) => ({ id: 'orders', version: v, subjects: ['a'], document: { version: v } });
    const plan = planPromotion({
      source: snapshot([a1], [contract('1.0.0'), contract('1.1.0'), contract('2.0.0'), contract('1.2.0')]),
      target: snapshot([], [contract('1.1.0')]),
      selection: all,
      policy: keep,
    });
    expect(keys(plan)).toEqual(['a/1', 'orders@1.2.0', 'orders@2.0.0']);
    expect(plan.skipped).toEqual([expect.objectContaining({ contract: 'orders', version: '1.0.0' })]);
  });

  it.each([
    [{ kind: 'subject', subject: 'nope' } as const, 'unknown-subject'],
    [{ kind: 'contract', contract: 'nope' } as const, 'unknown-contract'],
  ])('refuses an unknown selection %j', (selection, code) => {
    const run = () => planPromotion({ source: snapshot([a1]), target: snapshot([]), selection, policy: keep });
    expect(run).toThrow(PromotionError);
    try {
      run();
    } catch (error) {
      expect((error as PromotionError).code).toBe(code);
      expect((error as PromotionError).exitCode).toBe(2);
    }
  });

  it('digests the route and the steps: another target, another digest', () => {
    const plan = planPromotion({ source: snapshot([a1]), target: snapshot([]), selection: all, policy: keep });
    expect(digestPlan('dev', 'staging', plan.steps)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(digestPlan('dev', 'staging', plan.steps)).not.toBe(digestPlan('staging', 'prod', plan.steps));
  });
});

/** A random registry: subjects s0..sN, each a chain of compatible versions, some referencing earlier subjects. */
const registryArbitrary = fc
  .array(fc.record({ versions: fc.integer({ min: 1, max: 4 }), refersTo: fc.array(fc.nat(), { maxLength: 2 }) }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((subjects) => {
    const versions: SubjectVersion[] = [];
    let id = 1;
    subjects.forEach((shape, index) => {
      const references = [...new Set(shape.refersTo.filter((target) => target < index))].map((target) => ({
        name: `s${target}`,
        subject: `s${target}`,
        version: 1,
      }));
      for (let number = 1; number <= shape.versions; number++) {
        const fields = ['id', ...Array.from({ length: number - 1 }, (_, field) => `f${field}?`)];
        versions.push(version(`s${index}`, number, id++, fields, number === shape.versions ? references : []));
      }
    });
    return versions;
  });

/** The target after a plan is applied, as the registry would hold it (ids and versions kept). */
function apply(target: SubjectVersion[], plan: PromotionPlan): SubjectVersion[] {
  return [
    ...target,
    ...plan.steps.flatMap((step) =>
      step.kind === 'schema'
        ? [
            {
              subject: step.subject,
              version: step.version,
              id: step.id,
              schemaType: step.schemaType,
              schema: step.schema,
              references: step.references,
            },
          ]
        : [],
    ),
  ];
}

describe('planPromotion properties', () => {
  it('applying the plan leaves nothing to plan, and references always come before their dependants', () => {
    fc.assert(
      fc.property(registryArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (source, share) => {
        // The target holds a prefix of each subject's versions.
        const target = source.filter((candidate) => {
          const count = source.filter((other) => other.subject === candidate.subject).length;
          return candidate.version <= Math.floor(count * share);
        });
        const plan = planPromotion({
          source: snapshot(source),
          target: snapshot(target),
          selection: all,
          policy: keep,
        });
        expect(plan.refusals).toEqual([]);
        const position = new Map(keys(plan).map((key, index) => [key, index]));
        plan.steps.forEach((step, index) => {
          if (step.kind !== 'schema') return;
          for (const reference of step.references) {
            const at = position.get(`${reference.subject}/${reference.version}`);
            if (at !== undefined) expect(at).toBeLessThan(index);
          }
          const previous = position.get(`${step.subject}/${step.version - 1}`);
          if (previous !== undefined) expect(previous).toBeLessThan(index);
        });
        const again = planPromotion({
          source: snapshot(source),
          target: snapshot(apply(target, plan)),
          selection: all,
          policy: keep,
        });
        expect(again.steps).toEqual([]);
        expect(again.present).toBe(source.length);
      }),
      { numRuns: 150 },
    );
  });

  it('orderSteps keeps every step exactly once', () => {
    fc.assert(
      fc.property(registryArbitrary, (source) => {
        const plan = planPromotion({ source: snapshot(source), target: snapshot([]), selection: all, policy: plain });
        const shuffled = [...plan.steps].reverse();
        const { ordered, cyclic } = orderSteps(shuffled);
        expect(cyclic).toEqual([]);
        expect(ordered).toHaveLength(plan.steps.length);
        expect(new Set(ordered)).toEqual(new Set(plan.steps));
      }),
    );
  });
});
