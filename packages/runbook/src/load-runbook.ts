import {
  locateYamlPath,
  type ParsedYaml,
  parseYamlWithPositions,
  toJsonPointer,
  yamlSyntaxErrors,
} from '@charter/contracts';
import { findReferences, REFERENCE_ROOTS } from './resolve-references';
import { RunbookProblemCode as Code, RunbookError, type RunbookProblem } from './runbook-problem';
import {
  type Runbook,
  type RunbookDocument,
  runbookSchema,
  STAGES,
  type Step,
  type StepDocument,
} from './runbook-schema';

export type LoadRunbookResult = { ok: true; runbook: Runbook } | { ok: false; problems: RunbookProblem[] };

/**
 * Reads a runbook file: YAML → the schema → the checks the schema cannot express (the five stages in order, step ids
 * unique, every action known, every reference naming an earlier step). Every problem carries its line and column.
 * `actions`: the names the action registry has; unknown names are problems before anything runs.
 */
export function loadRunbook(text: string, options: { actions?: Iterable<string> } = {}): LoadRunbookResult {
  const parsed = parseYamlWithPositions(text);
  if (parsed.document.errors.length > 0) {
    return {
      ok: false,
      problems: yamlSyntaxErrors(parsed).map((error) => ({ code: Code.YamlSyntax, path: '', ...error })),
    };
  }
  const result = runbookSchema.safeParse(parsed.document.toJS({ maxAliasCount: 100 }));
  if (!result.success) {
    return {
      ok: false,
      problems: locate(
        parsed,
        result.error.issues.map((issue) => ({
          code: Code.InvalidField,
          path: toJsonPointer(issue.path),
          message: issue.message,
        })),
      ),
    };
  }
  const document = result.data;
  const problems = checkRunbook(document, options.actions === undefined ? undefined : new Set(options.actions));
  if (problems.length > 0) return { ok: false, problems: locate(parsed, problems) };
  return { ok: true, runbook: toRunbook(document, (pointer) => locateYamlPath(parsed, pointer).line) };
}

/** As loadRunbook, throwing a RunbookError listing every problem. */
export function readRunbook(text: string, options: { actions?: Iterable<string> } = {}): Runbook {
  const result = loadRunbook(text, options);
  if (!result.ok) throw new RunbookError(result.problems);
  return result.runbook;
}

/** Action names the runbook uses that the registry does not have (no lines: for a runbook built in code). */
export function findUnknownActions(runbook: Runbook, actions: Iterable<string>): RunbookProblem[] {
  const known = new Set(actions);
  return [...everyStep(runbook)]
    .filter(({ step }) => step.kind === 'action' && !known.has(step.action!))
    .map(({ step, pointer }) => ({
      code: Code.UnknownAction,
      path: `${pointer}/action`,
      ...(step.line === undefined ? {} : { line: step.line, column: 1 }),
      message: `unknown action "${step.action}" (step ${step.id})`,
    }));
}

function* everyStep<S extends { id: string }>(runbook: {
  stages: Array<{ steps: S[] }>;
  cleanup: S[];
}): Generator<{ step: S; pointer: string }> {
  for (const [stageIndex, stage] of runbook.stages.entries()) {
    for (const [index, step] of stage.steps.entries()) yield { step, pointer: `/stages/${stageIndex}/steps/${index}` };
  }
  for (const [index, step] of runbook.cleanup.entries()) yield { step, pointer: `/cleanup/${index}` };
}

function checkRunbook(document: RunbookDocument, actions: Set<string> | undefined): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const names = document.stages.map((stage) => stage.name);
  if (names.length !== STAGES.length || names.some((name, index) => name !== STAGES[index])) {
    problems.push({
      code: Code.StageOrder,
      path: '/stages',
      message: `the stages must be ${STAGES.join(', ')} — once each, in that order (found ${names.join(', ') || 'none'})`,
    });
  }
  // Steps in run order; a stage's entry criteria see the steps before it, its exit criteria its own too.
  const seen = new Set<string>();
  const visit = (step: StepDocument, pointer: string) => {
    if (seen.has(step.id)) {
      problems.push({ code: Code.DuplicateStep, path: `${pointer}/id`, message: `step id "${step.id}" is used twice` });
    }
    problems.push(...checkStep(step, pointer, document, seen, actions));
    seen.add(step.id);
  };
  const criteria = (stageIndex: number, side: 'entry' | 'exit') => {
    for (const [index, criterion] of document.stages[stageIndex]![side].entries()) {
      if (criterion.expect === undefined) continue;
      problems.push(...checkReferences(criterion.expect, `/stages/${stageIndex}/${side}/${index}/expect`, seen, true));
    }
  };
  for (const [stageIndex, stage] of document.stages.entries()) {
    criteria(stageIndex, 'entry');
    for (const [index, step] of stage.steps.entries()) visit(step, `/stages/${stageIndex}/steps/${index}`);
    criteria(stageIndex, 'exit');
  }
  for (const [index, step] of document.cleanup.entries()) visit(step, `/cleanup/${index}`);
  return problems;
}

function checkStep(
  step: StepDocument,
  pointer: string,
  document: RunbookDocument,
  earlier: Set<string>,
  actions: Set<string> | undefined,
): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  if (step.kind === 'action' && step.action === undefined) {
    problems.push({ code: Code.InvalidField, path: `${pointer}/action`, message: 'an action step names its action' });
  }
  if (step.kind === 'action' && step.action !== undefined && actions && !actions.has(step.action)) {
    problems.push({
      code: Code.UnknownAction,
      path: `${pointer}/action`,
      message: `unknown action "${step.action}" (step ${step.id}); known: ${[...actions].sort().join(', ')}`,
    });
  }
  if (step.kind === 'human' && step.prompt === undefined) {
    problems.push({ code: Code.InvalidField, path: `${pointer}/prompt`, message: 'a human step says what to confirm' });
  }
  if (!(step.owner in document.roles)) {
    problems.push({
      code: Code.UnknownRole,
      path: `${pointer}/owner`,
      message: `owner ${step.owner} is not one of the runbook's roles`,
    });
  }
  problems.push(...checkReferences(step.with, `${pointer}/with`, earlier, false));
  return problems;
}

function checkReferences(value: unknown, pointer: string, earlier: Set<string>, bare: boolean): RunbookProblem[] {
  const references = bare && typeof value === 'string' && !value.includes('${') ? [{ path: value, pointer: '' }] : [];
  return [...references, ...findReferences(value)].flatMap((reference) => {
    const [root, stepId] = reference.path.split('.');
    const where = `${pointer}${reference.pointer}`;
    if (!(REFERENCE_ROOTS as readonly string[]).includes(root ?? '')) {
      return [
        {
          code: Code.UnknownReference,
          path: where,
          message: `\${${reference.path}} must start with ${REFERENCE_ROOTS.join(', ')}`,
        },
      ];
    }
    if (root === 'steps' && (stepId === undefined || !earlier.has(stepId))) {
      return [
        {
          code: Code.UnknownReference,
          path: where,
          message: `\${${reference.path}} names step "${stepId ?? ''}", which does not run before this point`,
        },
      ];
    }
    return [];
  });
}

function locate(parsed: ParsedYaml, problems: RunbookProblem[]): RunbookProblem[] {
  return problems.map((problem) => ({ ...problem, ...locateYamlPath(parsed, problem.path) }));
}

function toRunbook(document: RunbookDocument, lineOf: (pointer: string) => number): Runbook {
  const step = (value: StepDocument, pointer: string): Step => ({
    ...value,
    timeoutMs: value.timeout ?? document.defaults.timeout,
    onFailure: value.onFailure ?? document.defaults.onFailure,
    line: lineOf(pointer),
  });
  return {
    apiVersion: document.apiVersion,
    kind: document.kind,
    metadata: document.metadata,
    roles: document.roles,
    severity: document.severity,
    stages: document.stages.map((stage, stageIndex) => ({
      ...stage,
      steps: stage.steps.map((value, index) => step(value, `/stages/${stageIndex}/steps/${index}`)),
    })),
    cleanup: document.cleanup.map((value, index) => step(value, `/cleanup/${index}`)),
  };
}
