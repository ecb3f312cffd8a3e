import type { CheckResult, CheckRunDocument } from './check-run';

/** Counts of a run's results; `success_percent` is 100 for an empty run (nothing failed), two decimals otherwise. */
export function summarizeResults(results: CheckResult[]): CheckRunDocument['statistics'] {
  const successful = results.filter((result) => result.success).length;
  const evaluated = results.length;
  return {
    evaluated_expectations: evaluated,
    successful_expectations: successful,
    unsuccessful_expectations: evaluated - successful,
    success_percent: evaluated === 0 ? 100 : Math.round((successful / evaluated) * 10_000) / 100,
  };
}

/** A run succeeds when no `error`-severity result failed; failing warnings are reported but do not fail it. */
export function isRunSuccessful(results: CheckResult[]): boolean {
  return results.every((result) => result.success || result.severity === 'warning');
}
