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
} from './check-plan';
export { CheckPlanError, type CheckPlanErrorCode } from './check-plan.errors';
export { type PlanCheckpointOptions, planCheckpoint } from './plan-checkpoint';
export { LIBRARY_METRICS, substitutePlaceholders } from './plan-quality-rule';
export { STRING_FORMATS } from './string-formats';
export { describeThreshold, satisfiesThreshold } from './threshold';
