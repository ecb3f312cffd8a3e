export { type CanonicalDataType, canonicalDataType, isDataTypeCompatible } from './adapter/canonical-data-type';
export { dataTypeForProperty, type TypedProperty } from './adapter/data-type-for-property';
export { DBT_ADAPTERS, type DbtAdapter, ENFORCED_CONSTRAINTS, isDbtAdapter } from './adapter/dbt-adapter';
export {
  type BindingVia,
  bindDbtModels,
  DBT_MODELS_PROPERTY,
  type DbtBindingProblem,
  type DbtModelBinding,
} from './check/bind-dbt-models';
export { checkDbtManifest, type DbtCheckOutcome } from './check/check-dbt-manifest';
export { checkDbtModel } from './check/check-dbt-model';
export type { DbtCheckResult } from './check/dbt-check-result';
export { DBT_ERROR_CODES, type DbtErrorCode, DbtInputError } from './dbt-errors';
export {
  type GeneratedProperties,
  type GenerateOutcome,
  generateDbtProperties,
} from './generate/generate-dbt-properties';
export {
  CONTRACT_META_KEY,
  GENERATED_MARKER,
  isGeneratedProperties,
  OBJECT_META_KEY,
  renderDbtProperties,
} from './generate/render-dbt-properties';
export type { DbtCatalog, DbtColumn, DbtConstraint, DbtDataTest, DbtManifest, DbtModel } from './manifest/dbt-manifest';
export { SUPPORTED_MANIFEST_VERSIONS } from './manifest/dbt-schema-version';
export { parseDbtCatalog } from './manifest/parse-dbt-catalog';
export { parseDbtManifest } from './manifest/parse-dbt-manifest';
export { type PlannedColumn, type PlannedModel, planDbtModel } from './model/plan-dbt-model';
