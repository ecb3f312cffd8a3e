import type { LogicalType } from '@charter/contracts';
import type { CheckResult, CheckSeverity } from '../report';

/** A row predicate over one column: the rows it holds for are the check's unexpected rows. Nulls never match. */
export type Condition =
  | { type: 'is-null'; column: string }
  | { type: 'is-empty'; column: string }
  | { type: 'in-set'; column: string; values: Array<string | number | boolean>; negate: boolean }
  | { type: 'missing'; column: string; values: Array<string | number | boolean> }
  | { type: 'matches'; column: string; pattern: string; negate: boolean }
  | { type: 'compare'; column: string; operator: '<' | '<=' | '>' | '>='; value: number | string; valueType: BoundType }
  | { type: 'length'; column: string; operator: '<' | '>'; value: number }
  | { type: 'any'; conditions: Condition[] };

export type BoundType = 'number' | 'date' | 'timestamp';

/** One aggregate of the single scan. */
export type Measure =
  | { type: 'row-count' }
  | { type: 'count-where'; condition: Condition }
  | { type: 'duplicates'; columns: string[] }
  | { type: 'max-epoch'; column: string };

export const OPERATORS = [
  'mustBe',
  'mustNotBe',
  'mustBeGreaterThan',
  'mustBeGreaterOrEqualTo',
  'mustBeLessThan',
  'mustBeLessOrEqualTo',
  'mustBeBetween',
  'mustNotBeBetween',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** What the observed value must satisfy: one ODCS operator and its operand. */
export interface Threshold {
  operator: Operator;
  value: unknown;
}

interface PlannedCheckBase {
  id: string;
  severity: CheckSeverity;
  expectation: CheckResult['expectation_config'];
  meta: NonNullable<CheckResult['meta']>;
  /** Columns the check reads: when one is absent or of an incompatible type, the check is not evaluated. */
  columns: string[];
}

/** Every contracted column is present with a compatible type. */
export interface SchemaCheck extends PlannedCheckBase {
  kind: 'schema';
  column: string;
  logicalType?: LogicalType;
  physicalType?: string;
}

/**
 * A check computed from the scan: `observe` says how the measure becomes the observed value (a count, a percent of
 * the rows, or an age in seconds against the run's clock).
 */
export interface MetricCheck extends PlannedCheckBase {
  kind: 'metric';
  measure: Measure;
  observe: 'count' | 'percent' | 'age-seconds';
  threshold: Threshold;
  /** How to list a few unexpected values when the check fails. */
  examples?: { type: 'rows'; column: string; condition: Condition } | { type: 'duplicates'; columns: string[] };
}

/** An ODCS `sql` quality rule: the query's first value compared with the threshold. */
export interface SqlRuleCheck extends PlannedCheckBase {
  kind: 'sql';
  /** The query with `{object}` and `{property}` replaced (identifiers quoted for the dialect at run time). */
  query: string;
  threshold: Threshold;
}

export type PlannedCheck = SchemaCheck | MetricCheck | SqlRuleCheck;

/** Everything a checkpoint of one schema object evaluates. */
export interface CheckPlan {
  contract: { id: string; version: string };
  /** The schema object's `name`: sql rules see the data under this name. */
  object: string;
  checks: PlannedCheck[];
}
