import type { LogicalType } from '@charter/contracts';
import type { CheckResult, CheckSeverity } from '../report';

/**
 * What a condition reads: a column, or a property nested in an object column (`path`: the keys below the column,
 * `shipping_address` → `["city"]`). A nested value counts only where every ancestor is present: a required child of
 * an absent (null) parent is not missing.
 */
export interface FieldRef {
  column: string;
  path?: string[];
}

/** A row predicate over one field: the rows it holds for are the check's unexpected rows. Nulls never match. */
export type Condition =
  | ({ type: 'is-null' } & FieldRef)
  | ({ type: 'is-empty' } & FieldRef)
  | ({ type: 'in-set'; values: Array<string | number | boolean>; negate: boolean } & FieldRef)
  | ({ type: 'missing'; values: Array<string | number | boolean> } & FieldRef)
  | ({ type: 'matches'; pattern: string; negate: boolean } & FieldRef)
  | ({ type: 'compare'; operator: '<' | '<=' | '>' | '>='; value: number | string; valueType: BoundType } & FieldRef)
  | ({ type: 'length'; operator: '<' | '>'; value: number } & FieldRef)
  /** A nested value present with another JSON type than its logicalType (a struct's field type is static: never). */
  | ({ type: 'wrong-type'; logicalType: LogicalType; path: string[] } & FieldRef)
  | { type: 'any'; conditions: Condition[] };

export type BoundType = 'number' | 'date' | 'timestamp';

/** One aggregate of the single scan. */
export type Measure =
  | { type: 'row-count' }
  | { type: 'count-where'; condition: Condition }
  | { type: 'duplicates'; columns: string[]; path?: string[] }
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
  /** A check on a nested property: the keys below `columns[0]`; not evaluated when that field is unusable. */
  path?: string[];
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
  examples?:
    | ({
        type: 'rows';
        condition: Condition;
        /** How a nested value is listed: as a number (integer and number properties) or as its text. */
        as?: 'number' | 'text';
      } & FieldRef)
    | { type: 'duplicates'; columns: string[]; path?: string[] };
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
