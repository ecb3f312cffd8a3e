export { buildExamplesQuery } from './build-examples-query';
export { buildMetricsQuery, type MetricsQuery, measureKey } from './build-metrics-query';
export {
  type ColumnTypes,
  type FieldAccess,
  type FieldProblem,
  fieldAccess,
  type ResolvedField,
  resolveField,
} from './field-access';
export { renderCondition } from './render-condition';
export { DIALECTS, quoteIdentifier, quoteQualifiedName, type SqlDialect, sqlLiteral } from './sql-dialect';
export { readStructFields, type StructField } from './struct-type';
