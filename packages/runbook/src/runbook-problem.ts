/** Stable codes of what can be wrong with a runbook file. */
export const RunbookProblemCode = {
  /** Not YAML, or YAML with duplicate keys. */
  YamlSyntax: 'yaml-syntax',
  /** A field missing, of the wrong type or out of range. */
  InvalidField: 'invalid-field',
  /** The five stages are not all there, once each, in order. */
  StageOrder: 'stage-order',
  /** Two steps share an id. */
  DuplicateStep: 'duplicate-step',
  /** A step names an action the registry of actions does not have. */
  UnknownAction: 'unknown-action',
  /** A `${...}` reference to something that does not exist before the step runs. */
  UnknownReference: 'unknown-reference',
  /** An owner that is not one of the runbook's roles. */
  UnknownRole: 'unknown-role',
} as const;

export type RunbookProblemCode = (typeof RunbookProblemCode)[keyof typeof RunbookProblemCode];

/** One thing wrong with a runbook: where (JSON pointer, 1-based line and column) and what. */
export interface RunbookProblem {
  code: RunbookProblemCode;
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** A runbook that cannot run: every problem found, each with its line when the runbook came from a file. */
export class RunbookError extends Error {
  constructor(readonly problems: readonly RunbookProblem[]) {
    super(problems.map(describeProblem).join('\n'));
    this.name = 'RunbookError';
  }
}

/** `line 12, column 9 (/stages/1/steps/0/action): unknown action "lineage.blast"`. */
export function describeProblem(problem: RunbookProblem): string {
  const where = problem.line === undefined ? problem.path : `line ${problem.line}, column ${problem.column ?? 1}`;
  return `${where} (${problem.path}): ${problem.message}`;
}
