export type {
  BaseFacet,
  ColumnLineageFacet,
  DatasetEvent,
  DatasetFacets,
  EventViolation,
  InputField,
  JobEvent,
  LineageDataset,
  LineageEntry,
  LineageEvent,
  LineageFacet,
  LineageInput,
  LineageJob,
  LineageRun,
  RunEvent,
  RunEventType,
  SchemaFacet,
  SchemaField,
  Transformation,
  TransformationType,
} from './openlineage/openlineage-event';
export { TRANSFORMATION_SUBTYPES, TRANSFORMATION_TYPES } from './openlineage/openlineage-event';
export { OPENLINEAGE_LIMITS } from './openlineage/openlineage-limits';
export {
  OPENLINEAGE_VIOLATION_CODES,
  type OpenLineageViolationCode,
} from './openlineage/openlineage-violation-codes';
export { readOpenLineageEvent } from './openlineage/read-openlineage-event';
export {
  type OpenLineageEventOptions,
  type OpenLineageEventResult,
  validateOpenLineageEvent,
} from './openlineage/validate-openlineage-event';
