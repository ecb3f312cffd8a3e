import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ContractProblem, parseContract } from '@charter/contracts';
import type { ApprovalView } from '../governance/approvals.service';
import type { SubjectContract } from '../governance/contracts.service';
import type { LineageJudgement } from '../governance/lineage-check';
import type { ImpactSummary } from '../governance/lineage-gate';
import type { CompatibilityVerdict } from './compatibility-check';
import {
  type CandidateDecision,
  type CandidateInputs,
  type CandidateNeed,
  candidateLevel,
  decideCandidate,
  evaluateCandidate,
  findContractProblems,
} from './evaluate-candidate';

const compatible: CompatibilityVerdict = {
  isCompatible: true,
  level: 'BACKWARD',
  messages: [],
  result: { isCompatible: true, level: 'BACKWARD', checked: [0], incompatibilities: [] },
};
const incompatible: CompatibilityVerdict = {
  isCompatible: false,
  level: 'BACKWARD',
  messages: ['field b removed', '{compatibility: BACKWARD}'],
  result: { isCompatible: false, level: 'BACKWARD', checked: [0], incompatibilities: [] },
};
const missingField: ContractProblem = {
  code: 'field-missing',
  file: 'contracts/orders',
  path: '/schema/0/properties/0',
  message: 'field "currency" of orders is declared in the contract but subject "orders-value" has no such field',
};
const impact = (verdict: ImpactSummary['verdict']): ImpactSummary => ({
  severity: verdict === 'block' ? 'CRITICAL' : verdict === 'needs-approval' ? 'HIGH' : 'MEDIUM',
  verdict,
  reasons: ['reaches orders_daily'],
  counts: { columns: 1, datasets: 1 },
  datasets: [],
});
const lineage = {
  skipped: { kind: 'skipped' },
  blocks: { kind: 'assessed', impact: impact('block'), changes: [], needsApproval: true },
  warns: { kind: 'assessed', impact: impact('warn'), changes: [], needsApproval: false },
  failClosed: { kind: 'unavailable', reason: 'timed out', changes: [], needsApproval: true },
  failOpen: { kind: 'unavailable', reason: 'timed out', changes: [], needsApproval: false },
} satisfies Record<string, LineageJudgement>;
const approval = { id: 'a-1', subject: 'orders-value', fingerprint: 'f', state: 'approved' } as ApprovalView;

const needs = (input: CandidateNeed): CandidateDecision => ({ kind: 'needs', input });

type Case = [string, Omit<CandidateInputs, 'purpose'>, CandidateDecision];

/** Decisions both purposes share. */
const shared: Case[] = [
  [
    'a missing contract field refuses before anything else is asked, approval or not',
    { contractProblems: [missingField], approval },
    { kind: 'contract-violation', problems: [missingField] },
  ],
  ['compatibility is checked first', { contractProblems: [] }, needs('compatibility')],
  ['a compatible change then asks lineage', { contractProblems: [], compatibility: compatible }, needs('lineage')],
  [
    'no breaking change to judge: accepted',
    { contractProblems: [], compatibility: compatible, lineage: lineage.skipped },
    { kind: 'accepted' },
  ],
  [
    'impact that only warns: accepted',
    { contractProblems: [], compatibility: compatible, lineage: lineage.warns },
    { kind: 'accepted' },
  ],
  [
    'lineage unavailable, failing open: accepted',
    { contractProblems: [], compatibility: compatible, lineage: lineage.failOpen },
    { kind: 'accepted' },
  ],
  [
    'a blocked change asks whether it is approved',
    { contractProblems: [], compatibility: compatible, lineage: lineage.blocks },
    needs('approval'),
  ],
  [
    'a blocked change without approval is refused',
    { contractProblems: [], compatibility: compatible, lineage: lineage.blocks, approval: null },
    { kind: 'lineage-refused', judgement: lineage.blocks },
  ],
  [
    'a blocked change with an approval goes through',
    { contractProblems: [], compatibility: compatible, lineage: lineage.blocks, approval },
    { kind: 'approved', approval, over: 'lineage' },
  ],
  [
    'lineage unavailable, failing closed, no approval: refused',
    { contractProblems: [], compatibility: compatible, lineage: lineage.failClosed, approval: null },
    { kind: 'lineage-refused', judgement: lineage.failClosed },
  ],
];

const registerOnly: Case[] = [
  [
    'an incompatible change asks whether it is approved (lineage is not needed)',
    { contractProblems: [], compatibility: incompatible },
    needs('approval'),
  ],
  [
    'an incompatible change without approval is refused',
    { contractProblems: [], compatibility: incompatible, approval: null },
    { kind: 'incompatible', verdict: incompatible },
  ],
  [
    'an incompatible change with an approval lands',
    { contractProblems: [], compatibility: incompatible, approval },
    { kind: 'approved', approval, over: 'incompatible' },
  ],
];

const testOnly: Case[] = [
  [
    'an incompatible change is reported incompatible without asking for approvals',
    { contractProblems: [], compatibility: incompatible },
    { kind: 'incompatible', verdict: incompatible },
  ],
  [
    'an incompatible change stays incompatible even when approved',
    { contractProblems: [], compatibility: incompatible, approval },
    { kind: 'incompatible', verdict: incompatible },
  ],
];

describe('evaluateCandidate', () => {
  it.each([...shared, ...registerOnly])('registering: %s', (_name, inputs, decision) => {
    expect(evaluateCandidate({ purpose: 'register', ...inputs })).toEqual(decision);
  });

  it.each([...shared, ...testOnly])('testing: %s', (_name, inputs, decision) => {
    expect(evaluateCandidate({ purpose: 'test', ...inputs })).toEqual(decision);
  });
});

describe('decideCandidate', () => {
  /** Loaders over fixed answers that record what was asked, in order. */
  function loaders(answers: {
    compatibility: CompatibilityVerdict;
    lineage: LineageJudgement;
    approval?: ApprovalView;
  }) {
    const asked: CandidateNeed[] = [];
    const answer = <Input extends CandidateNeed>(input: Input) => {
      return async () => {
        asked.push(input);
        return answers[input];
      };
    };
    return {
      asked,
      load: { compatibility: answer('compatibility'), lineage: answer('lineage'), approval: answer('approval') },
    };
  }

  it('loads only what the policy asks for, in its order', async () => {
    const plain = loaders({ compatibility: compatible, lineage: lineage.skipped });
    expect((await decideCandidate({ purpose: 'register', contractProblems: [] }, plain.load)).decision).toEqual({
      kind: 'accepted',
    });
    expect(plain.asked).toEqual(['compatibility', 'lineage']);

    const broken = loaders({ compatibility: compatible, lineage: lineage.blocks });
    await decideCandidate({ purpose: 'register', contractProblems: [missingField] }, broken.load);
    expect(broken.asked).toEqual([]);

    const approved = loaders({ compatibility: incompatible, lineage: lineage.blocks, approval });
    const { decision, inputs } = await decideCandidate({ purpose: 'register', contractProblems: [] }, approved.load);
    expect(decision).toEqual({ kind: 'approved', approval, over: 'incompatible' });
    expect(approved.asked).toEqual(['compatibility', 'approval']);
    expect(inputs).toMatchObject({ compatibility: incompatible, approval });
  });

  it('records a missing approval as none', async () => {
    const blocked = loaders({ compatibility: compatible, lineage: lineage.failClosed });
    const { decision, inputs } = await decideCandidate({ purpose: 'test', contractProblems: [] }, blocked.load);
    expect(decision).toEqual({ kind: 'lineage-refused', judgement: lineage.failClosed });
    expect(inputs.approval).toBeNull();
    expect(blocked.asked).toEqual(['compatibility', 'lineage', 'approval']);
  });
});

describe('candidateLevel and findContractProblems', () => {
  const governed = {
    version: '1.0.0',
    contract: { id: 'orders', compatibility: 'FULL_TRANSITIVE' },
  } as unknown as SubjectContract;

  it("checks at the contract's level when the subject is bound to one", () => {
    expect(candidateLevel({ compatibility: 'BACKWARD' }, governed)).toBe('FULL_TRANSITIVE');
    expect(candidateLevel({ compatibility: 'BACKWARD' }, undefined)).toBe('BACKWARD');
  });

  it('finds no contract problems for an unbound subject', () => {
    expect(findContractProblems('orders-value', { schemaType: 'AVRO', text: '"int"' }, undefined)).toEqual([]);
  });

  it('finds the fields of the sample orders contract that a candidate drops', () => {
    const domain = path.resolve(__dirname, '../../../../contracts/orders');
    const { contract } = parseContract(readFileSync(path.join(domain, 'contract.odcs.yaml'), 'utf8'), {
      file: 'contract.odcs.yaml',
    });
    const orders = { contract: contract!, version: contract!.version };
    const v3 = JSON.parse(readFileSync(path.join(domain, 'schemas/orders-value/v3.avsc'), 'utf8'));
    expect(findContractProblems('orders-value', { schemaType: 'AVRO', text: JSON.stringify(v3) }, orders)).toEqual([]);
    const withoutCurrency = { ...v3, fields: v3.fields.filter((field: { name: string }) => field.name !== 'currency') };
    const problems = findContractProblems(
      'orders-value',
      { schemaType: 'AVRO', text: JSON.stringify(withoutCurrency) },
      orders,
    );
    expect(problems.map((problem) => [problem.code, problem.file])).toContainEqual([
      'field-missing',
      'contracts/orders',
    ]);
    expect(problems.every((problem) => problem.message.includes('currency'))).toBe(true);
  });
});
