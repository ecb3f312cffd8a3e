/** How much a failing check matters: an `error` fails the run, a `warning` is reported only. */
export type CheckSeverity = 'error' | 'warning';

/** One evaluated expectation, shaped like a Great Expectations validation result. */
export interface CheckResult {
  /** stable id within a run, e.g. "schema.order_id", "order_id.not_null", "order_id.quality.order_id_unique",
   *  "quality.freshness", "sla.latency"; dbt: "model.fct_orders.order_id.type" */
  id: string;
  success: boolean;
  severity: CheckSeverity;
  /** e.g. expect_column_values_to_not_be_null, { column: "order_id" } */
  expectation_config: { expectation_type: string; kwargs: Record<string, unknown> };
  result: {
    observed_value?: unknown;
    element_count?: number;
    unexpected_count?: number;
    unexpected_percent?: number;
    /** at most 20 examples */
    partial_unexpected_list?: unknown[];
  };
  /** the check could not be evaluated (rule timed out, query refused): success is false */
  exception_info?: { code: string; message: string };
  /** human line, precise: "orders.amount_cents: expected integer, found text" */
  message?: string;
  meta?: { contract?: string; object?: string; property?: string; rule?: string; model?: string };
}

export type CheckRunKind = 'checkpoint' | 'dbt-check';
export type CheckSourceType = 'postgres' | 'csv' | 'jsonl' | 'parquet' | 'dbt-manifest';

/** One run: every result of one checkpoint (or dbt check) and its summary. */
export interface CheckRunDocument {
  success: boolean;
  kind: CheckRunKind;
  /** uuid */
  run_id: string;
  /** ISO */
  started_at: string;
  finished_at: string;
  /** checkpoint: the one contract; dbt check: absent (per result meta) */
  contract?: { id: string; version: string };
  /** name has NO credentials */
  source: { type: CheckSourceType; name: string };
  statistics: {
    evaluated_expectations: number;
    successful_expectations: number;
    unsuccessful_expectations: number;
    success_percent: number;
  };
  results: CheckResult[];
}

export const REPORT_FORMATS = ['text', 'json', 'junit', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** At most this many examples are kept per result (`partial_unexpected_list`). */
export const PARTIAL_UNEXPECTED_LIMIT = 20;
