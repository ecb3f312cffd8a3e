export {
  type CheckSource,
  CheckSourceError,
  type CheckSourceErrorCode,
  isCheckSourceError,
  type SourceColumn,
  type SourceRow,
} from './evaluate/check-source';
export { type RunCheckpointOptions, runCheckpoint } from './evaluate/run-checkpoint';
export type {
  BoundType,
  CheckPlan,
  Condition,
  FieldRef,
  Measure,
  MetricCheck,
  Operator,
  PlannedCheck,
  SchemaCheck,
  SqlRuleCheck,
  Threshold,
} from './plan/check-plan';
export { CheckPlanError, type CheckPlanErrorCode } from './plan/check-plan.errors';
export { type PlanCheckpointOptions, planCheckpoint } from './plan/plan-checkpoint';
export { LIBRARY_METRICS, substitutePlaceholders } from './plan/plan-quality-rule';
export { STRING_FORMATS } from './plan/string-formats';
export { describeThreshold, satisfiesThreshold } from './plan/threshold';
export { boundCheckRun, REPORTED_MESSAGE_LIMIT, REPORTED_RESULTS_LIMIT } from './report/bound-check-run';
export {
  type CheckResult,
  type CheckRunDocument,
  type CheckRunKind,
  type CheckSeverity,
  type CheckSourceType,
  PARTIAL_UNEXPECTED_LIMIT,
  REPORT_FORMATS,
  type ReportFormat,
} from './report/check-run';
export { type CreateCheckRunOptions, createCheckRun } from './report/create-check-run';
export { describeResult, describeRun, orderFailingFirst } from './report/describe-result';
export { formatCheckRun } from './report/format-check-run';
export { escapeXml } from './report/format-junit';
export { escapeMarkdown } from './report/format-markdown';
export { type SplitCheckRunOptions, splitCheckRunByContract } from './report/split-check-run';
export { isRunSuccessful, summarizeResults } from './report/summarize-results';
export { buildExamplesQuery } from './sql/build-examples-query';
export { buildMetricsQuery, type MetricsQuery, measureKey } from './sql/build-metrics-query';
export { type ColumnTypes, resolveField } from './sql/field-access';
export { renderCondition } from './sql/render-condition';
export { DIALECTS, quoteIdentifier, quoteQualifiedName, type SqlDialect, sqlLiteral } from './sql/sql-dialect';
