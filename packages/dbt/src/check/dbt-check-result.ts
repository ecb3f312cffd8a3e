/**
 * One check of a dbt model against its contract, in the shape of the check-run document's results (`CheckResult` of
 * @charter/checks, shaped like a Great Expectations validation result). Kept here, structurally identical, so the
 * engine does not depend on the checks package.
 */
export interface DbtCheckResult {
  /** `model.<model>.<column>.<check>`, `model.<model>.contract`, `contract.<id>.dbt_models`… */
  id: string;
  success: boolean;
  severity: 'error' | 'warning';
  expectation_config: { expectation_type: string; kwargs: Record<string, unknown> };
  result: { observed_value?: unknown };
  /** A precise line for failures: `fct_orders.amount_cents: expected bigint, found integer`. */
  message?: string;
  meta?: { contract?: string; object?: string; property?: string; model?: string };
}
