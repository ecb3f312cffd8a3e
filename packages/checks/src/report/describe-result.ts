import type { CheckResult, CheckRunDocument } from './check-run';

/** The human line for a result: its own message, else the exception, else the expectation and what was observed. */
export function describeResult(result: CheckResult): string {
  if (result.message !== undefined) return result.message;
  if (result.exception_info !== undefined) return `${result.exception_info.code}: ${result.exception_info.message}`;
  const { expectation_type, kwargs } = result.expectation_config;
  const observed = result.result.unexpected_count ?? result.result.observed_value;
  const args = Object.keys(kwargs).length === 0 ? '' : ` ${JSON.stringify(kwargs)}`;
  return `${expectation_type}${args}${observed === undefined ? '' : `, observed ${JSON.stringify(observed)}`}`;
}

/** "checkpoint orders 3.0.0 on postgres staging.orders" / "dbt-check on dbt-manifest target/manifest.json" */
export function describeRun(doc: CheckRunDocument): string {
  const contract = doc.contract === undefined ? '' : ` ${doc.contract.id} ${doc.contract.version}`;
  return `${doc.kind}${contract} on ${doc.source.type} ${doc.source.name}`;
}

/** Failing errors first, then failing warnings, then passes; the original order within each group. */
export function orderFailingFirst(results: CheckResult[]): CheckResult[] {
  const rank = (result: CheckResult): number => (result.success ? 2 : result.severity === 'error' ? 0 : 1);
  return results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
}
