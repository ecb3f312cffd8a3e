/** Stable ids of what can be wrong with an SLA file: tests assert these, not messages. */
export const SLA_PROBLEM_RULES = [
  'yaml-syntax',
  'not-a-document',
  'api-version',
  'unknown-kind',
  'schema',
  'duplicate-name',
  'unresolved-ref',
  'metric-source',
  'promql-syntax',
  'promql-unsupported',
  'charter-annotation',
  'unsupported',
] as const;
export type SlaProblemRule = (typeof SLA_PROBLEM_RULES)[number];

/** One thing wrong with an SLA file, located: 1-based line and column, and the path inside its document. */
export interface SlaProblem {
  rule: SlaProblemRule;
  file: string;
  line: number;
  column: number;
  /** Index of the YAML document in the file (0-based). */
  document: number;
  /** Path inside that document, e.g. `spec.objectives[0].target`. */
  path: string;
  message: string;
}

export function formatSlaProblem(problem: SlaProblem): string {
  const where = problem.path ? ` ${problem.path}` : '';
  return `${problem.file}:${problem.line}:${problem.column}: [${problem.rule}] document ${problem.document + 1}${where}: ${problem.message}`;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
