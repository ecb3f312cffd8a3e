export {
  DURATION_UNITS,
  type Duration,
  type DurationUnit,
  durationToMilliseconds,
  formatDuration,
  formatPrometheusDuration,
  parseDuration,
  parsePrometheusDuration,
} from './duration/duration';
export {
  type AlertState,
  type AlertStatus,
  type BudgetStatus,
  type SlaEvaluation,
  SlaEvaluator,
  type SlaEvaluatorOptions,
  type SliStatus,
  type SliWindowValue,
} from './evaluate/sla-evaluator';
export { MetricHistory, type SampleSource, type SeriesValue } from './metrics/metric-history';
export {
  type Exposition,
  ExpositionError,
  type MetricType,
  metricNamesOf as exposedMetricNames,
  parseExposition,
  type Sample,
} from './metrics/parse-exposition';
export { OPENSLO_API_VERSION, OPENSLO_KINDS, type OpenSloDocument, type OpenSloKind } from './openslo/openslo-schemas';
export { CHARTER_ANNOTATIONS, type ReadSlaResult, readSla } from './openslo/read-sla';
export type {
  ComparisonOperator,
  SeverityTargets,
  Sla,
  SlaAlert,
  SlaIndicator,
  SlaObjective,
  SlaObjectiveModel,
  SlaQuery,
} from './openslo/sla-model';
export { queriesOf } from './openslo/sla-model';
export { formatSlaProblem, SLA_PROBLEM_RULES, type SlaProblem, type SlaProblemRule } from './openslo/sla-problem';
export {
  compilePromql,
  findPromqlSyntaxErrors,
  PromqlError,
  promqlReferences,
  renderQuery,
  WINDOW_PLACEHOLDER,
} from './promql/compile-promql';
export { evaluatePromql, type PromqlValue, singleValueOf } from './promql/evaluate-promql';
export { metricNamesOf, type PromqlExpression } from './promql/promql-expression';
export {
  buildPrometheusRules,
  errorRatioRecord,
  formatPrometheusRules,
  type PrometheusRule,
  type PrometheusRuleFile,
  type PrometheusRuleGroup,
} from './rules/build-prometheus-rules';
