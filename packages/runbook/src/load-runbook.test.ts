// Bad inputs tried: text that is not YAML, a duplicate key, a missing apiVersion, a wrong kind, a stage missing, two
// stages swapped, a stage twice, an unknown stage name, a stage without steps, a duplicate step id, an action step
// without an action, an unknown action, a human step without a prompt, an owner that is no role, a role the runbook
// does not declare, a timeout that is not a duration, retry 0 and retry 11, an unknown onFailure, a reference to a
// later step, a reference with an unknown root, entry and exit criteria naming steps that have not run, an unknown
// field, a severity that is not SEV-1…4.

import { minimalRunbook, toYaml } from '../test/minimal-runbook';
import { RunbookProblemCode as Code, loadRunbook, RunbookError, readRunbook } from './index';

const ACTIONS = ['noop', 'incident.open'];

type Change = (runbook: ReturnType<typeof minimalRunbook>) => void;
const step = (runbook: ReturnType<typeof minimalRunbook>, stage = 0) =>
  (runbook.stages[stage]!.steps as Array<Record<string, unknown>>)[0]!;

const cases: Array<[string, Change, string, string]> = [
  ['missing apiVersion', (r) => delete r.apiVersion, Code.InvalidField, '/apiVersion'],
  ['wrong kind', (r) => (r.kind = 'Playbook'), Code.InvalidField, '/kind'],
  ['a stage missing', (r) => r.stages.splice(2, 1), Code.StageOrder, '/stages'],
  ['stages swapped', (r) => r.stages.reverse(), Code.StageOrder, '/stages'],
  ['a stage twice', (r) => r.stages.push(r.stages[4]!), Code.StageOrder, '/stages'],
  ['unknown stage name', (r) => (r.stages[1]!.name = 'triage'), Code.InvalidField, '/stages/1/name'],
  ['stage without steps', (r) => (r.stages[3]!.steps = []), Code.InvalidField, '/stages/3/steps'],
  ['duplicate step id', (r) => (step(r, 1).id = 'detect-step'), Code.DuplicateStep, '/stages/1/steps/0/id'],
  ['action step without action', (r) => delete step(r, 2).action, Code.InvalidField, '/stages/2/steps/0/action'],
  ['unknown action', (r) => (step(r, 1).action = 'lineage.blast'), Code.UnknownAction, '/stages/1/steps/0/action'],
  [
    'human step without prompt',
    (r) => Object.assign(step(r, 0), { kind: 'human', action: undefined }),
    Code.InvalidField,
    '/stages/0/steps/0/prompt',
  ],
  ['owner that is no role', (r) => (step(r, 0).owner = 'ceo'), Code.InvalidField, '/stages/0/steps/0/owner'],
  [
    'owner the runbook does not declare',
    (r) => {
      delete (r.roles as Record<string, string>).scribe;
      step(r, 4).owner = 'scribe';
    },
    Code.UnknownRole,
    '/stages/4/steps/0/owner',
  ],
  [
    'timeout not a duration',
    (r) => (step(r, 0).timeout = '30 seconds'),
    Code.InvalidField,
    '/stages/0/steps/0/timeout',
  ],
  ['retry 0', (r) => (step(r, 0).onFailure = { retry: 0 }), Code.InvalidField, '/stages/0/steps/0/onFailure'],
  ['retry 11', (r) => (step(r, 0).onFailure = { retry: 11 }), Code.InvalidField, '/stages/0/steps/0/onFailure'],
  ['unknown onFailure', (r) => (step(r, 0).onFailure = 'ignore'), Code.InvalidField, '/stages/0/steps/0/onFailure'],
  [
    'reference to a later step',
    (r) => (step(r, 0).with = { id: '${steps.assess-step.id}' }),
    Code.UnknownReference,
    '/stages/0/steps/0/with/id',
  ],
  [
    'reference with unknown root',
    (r) => (step(r, 1).with = { subject: 'x-${env.HOME}' }),
    Code.UnknownReference,
    '/stages/1/steps/0/with/subject',
  ],
  [
    'an entry criterion naming a step of its own stage',
    (r) => (r.stages[1]!.entry = [{ description: 'x', expect: '${steps.assess-step.ok}' }]),
    Code.UnknownReference,
    '/stages/1/entry/0/expect',
  ],
  [
    'an exit criterion naming a later step',
    (r) => (r.stages[1]!.exit = [{ description: 'x', expect: 'steps.recover-step.ok' }]),
    Code.UnknownReference,
    '/stages/1/exit/0/expect',
  ],
  ['unknown field', (r) => (step(r, 0).retries = 3), Code.InvalidField, '/stages/0/steps/0'],
  [
    'severity not SEV-1…4',
    (r) => ((r.severity as { otherwise: string }).otherwise = 'SEV-0'),
    Code.InvalidField,
    '/severity/otherwise',
  ],
];

describe('loadRunbook', () => {
  it('reads a valid runbook with the defaults applied and each step its line', () => {
    const runbook = readRunbook(toYaml(minimalRunbook()), { actions: ACTIONS });
    expect(runbook.stages.map((stage) => stage.name)).toEqual([
      'detect',
      'assess',
      'contain',
      'recover',
      'post-mortem',
    ]);
    const first = runbook.stages[0]!.steps[0]!;
    expect(first).toMatchObject({ timeoutMs: 1_000, onFailure: { retries: 0, after: 'escalate' }, kind: 'action' });
    expect(first.line).toBeGreaterThan(1);
  });

  it.each(cases)('refuses %s with its code and the line it is on', (_name, change, code, path) => {
    const document = minimalRunbook();
    change(document);
    const text = toYaml(document);
    const result = loadRunbook(text, { actions: ACTIONS });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problem = result.problems.find((candidate) => candidate.path === path && candidate.code === code);
    expect(problem).toBeDefined();
    expect(problem!.line).toBeGreaterThanOrEqual(1);
    expect(problem!.line).toBeLessThanOrEqual(text.split('\n').length);
  });

  it('names the unknown action and its exact line', () => {
    const document = minimalRunbook();
    step(document, 3).action = 'subject.explode';
    const text = toYaml(document);
    const result = loadRunbook(text, { actions: ACTIONS });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [problem] = result.problems;
    expect(problem).toMatchObject({ code: Code.UnknownAction, path: '/stages/3/steps/0/action' });
    expect(problem!.message).toContain('subject.explode');
    expect(text.split('\n')[problem!.line! - 1]).toContain('action: subject.explode');
  });

  it.each([
    ['not YAML', 'stages: [detect\n  - assess: {'],
    ['a duplicate key', 'kind: Runbook\nkind: Runbook\n'],
  ])('refuses %s as yaml-syntax with a line', (_name, text) => {
    const result = loadRunbook(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ code: Code.YamlSyntax });
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('throws a RunbookError listing every problem from readRunbook', () => {
    const document = minimalRunbook();
    step(document, 0).action = 'nope';
    step(document, 1).timeout = 'soon';
    try {
      readRunbook(toYaml(document), { actions: ACTIONS });
      throw new Error('expected a RunbookError');
    } catch (error) {
      expect(error).toBeInstanceOf(RunbookError);
      expect((error as RunbookError).problems.map((problem) => problem.code)).toEqual([Code.InvalidField]);
    }
  });
});
