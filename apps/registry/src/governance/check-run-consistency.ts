import type { CheckResult, CheckRunDocument } from '../http/check-run.dto';
import type { CheckRunStatistics } from '../storage/check-run.repository';

/** How far a posted `success_percent` may be from the recomputed one (it is rounded to two decimals). */
export const PERCENT_TOLERANCE = 0.01;

export interface RunInconsistency {
  field: string;
  posted: unknown;
  recomputed: unknown;
}

/**
 * The statistics of a run's results, as the registry stores them: it recomputes them rather than trusting the
 * posted ones. `success_percent` is 100 for a run without results (nothing failed), else rounded to two decimals.
 */
export function summarizeResults(results: readonly CheckResult[]): CheckRunStatistics {
  const successful = results.filter((result) => result.success).length;
  const evaluated = results.length;
  return {
    evaluated_expectations: evaluated,
    successful_expectations: successful,
    unsuccessful_expectations: evaluated - successful,
    success_percent: evaluated === 0 ? 100 : Math.round((successful / evaluated) * 10_000) / 100,
  };
}

/** A run succeeds when no `error`-severity check failed; failing warnings are reported but do not fail it. */
export function isRunSuccessful(results: readonly CheckResult[]): boolean {
  return results.every((result) => result.success || result.severity === 'warning');
}

/**
 * Where a posted run contradicts its own results: its `success` (either way), each count of its statistics, and its
 * percentage beyond {@link PERCENT_TOLERANCE}. Also a result that carries `exception_info` yet claims success.
 */
export function findRunInconsistencies(run: CheckRunDocument): RunInconsistency[] {
  const found: RunInconsistency[] = [];
  const success = isRunSuccessful(run.results);
  if (run.success !== success) found.push({ field: 'success', posted: run.success, recomputed: success });
  const statistics = summarizeResults(run.results);
  for (const field of ['evaluated_expectations', 'successful_expectations', 'unsuccessful_expectations'] as const) {
    if (run.statistics[field] !== statistics[field]) {
      found.push({ field: `statistics.${field}`, posted: run.statistics[field], recomputed: statistics[field] });
    }
  }
  if (Math.abs(run.statistics.success_percent - statistics.success_percent) > PERCENT_TOLERANCE) {
    found.push({
      field: 'statistics.success_percent',
      posted: run.statistics.success_percent,
      recomputed: statistics.success_percent,
    });
  }
  run.results.forEach((result, index) => {
    if (result.success && result.exception_info !== undefined) {
      found.push({ field: `results[${index}].success`, posted: true, recomputed: false });
    }
  });
  return found;
}

/** The one contract a run is about, or why it names none or several. */
export type RunContract = { id: string; version: string | undefined } | { problem: string };

/**
 * A checkpoint names its contract; a dbt check may leave `contract` out when every result's `meta.contract` names the
 * same one (its version is then the contract's current one). A dbt check over several contracts is posted once per
 * contract, each with `contract` set.
 */
export function findRunContract(run: CheckRunDocument): RunContract {
  if (run.contract) return { id: run.contract.id, version: run.contract.version };
  if (run.kind === 'checkpoint') return { problem: 'contract is required for a checkpoint' };
  const named = new Set(run.results.map((result) => result.meta?.contract));
  const [only] = named;
  if (named.size === 1 && typeof only === 'string' && only !== '') return { id: only, version: undefined };
  return {
    problem:
      named.size > 1
        ? `the results name several contracts (${[...named].map(String).join(', ')}); post one run per contract, with contract set`
        : 'contract is required when the results do not name one (meta.contract)',
  };
}
