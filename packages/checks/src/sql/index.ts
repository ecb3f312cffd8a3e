export { buildExamplesQuery } from './build-examples-query';
export { buildMetricsQuery, type MetricsQuery, measureKey } from './build-metrics-query';
export { renderCondition } from './render-condition';
export { DIALECTS, quoteIdentifier, quoteQualifiedName, type SqlDialect, sqlLiteral } from './sql-dialect';
