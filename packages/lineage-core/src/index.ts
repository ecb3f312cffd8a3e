export { type AppliedEvent, applyLineageEvent } from './graph/apply-lineage-event';
export {
  type ColumnEdge,
  createLineageGraph,
  type DatasetNode,
  type FieldNode,
  type IoEdge,
  type JobNode,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
  type RunRecord,
} from './graph/lineage-graph';
export { datasetNodeId, fieldNodeId, jobNodeId } from './graph/node-ids';
export {
  type Asset,
  type AssetLookup,
  assessImpact,
  type ChangedField,
  type DatasetWriter,
  type ImpactedDataset,
  type ImpactReport,
  type ImpactRequest,
} from './impact/assess-impact';
export {
  DEFAULT_SEVERITY_POLICY,
  type PolicyProblem,
  readSeverityPolicy,
  SEVERITIES,
  type Severity,
  type SeverityPolicy,
  VERDICTS,
  type Verdict,
} from './impact/severity-policy';
export {
  isStreamingDataset,
  isTopicNamespace,
  namespaceScheme,
  TABLE_SCHEMES,
  TOPIC_SCHEMES,
} from './naming/dataset-kind';
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
export { findAncestors } from './traversal/find-ancestors';
export { type DanglingColumn, findDanglingColumns } from './traversal/find-dangling-columns';
export { findDescendants } from './traversal/find-descendants';
export { type ReachedDataset, rollUpDatasets } from './traversal/roll-up-datasets';
export { DEFAULT_WALK_DEPTH, type ReachedColumn, type WalkOptions, walkColumns } from './traversal/walk-columns';
