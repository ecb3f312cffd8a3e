export {
  CHARTER_PROPERTIES,
  type CharterProperties,
  DEFAULT_COMPATIBILITY,
  DEFAULT_SEVERITY_TIER,
} from './charter-properties';
export {
  type CheckContractFieldsOptions,
  type ContractFieldProblem,
  type ContractFieldProblemCode,
  type ContractFieldTarget,
  checkContractFields,
  type ReportedField,
} from './check-contract-fields';
export { checkContractOwnership } from './check-contract-ownership';
export {
  CONSUMER_KINDS,
  type ConsumerKind,
  type Contract,
  type ContractConsumer,
  type ContractSubject,
  type LineageDataset,
  SEVERITY_TIERS,
  type SeverityTier,
} from './contract';
export { type DatasetObject, findDatasetObject } from './contract-datasets';
export { type ContractProblem, type ContractProblemCode, formatContractProblem } from './contract-problem';
export { SUBJECT_DEFINITION_TYPE } from './contract-subjects';
export {
  DRIFT_FIELD_KINDS,
  type DriftFieldKind,
  type DriftFieldSettings,
  type DriftSettings,
  type DriftThresholds,
  driftSettingsSchema,
} from './drift-settings';
export { type Environment, parseEnvironments } from './environments';
export { toJsonPointer } from './json-pointer';
export {
  CONTRACT_FILE,
  type ContractFiles,
  ENVIRONMENTS_FILE,
  type LoadedContract,
  type LoadedContractsDirectory,
  loadContractsDirectory,
  OWNERSHIP_FILE,
  type SchemaVersionFile,
} from './load-contracts-directory';
export { isReportedTypeCompatible, type LogicalType, logicalTypeOf } from './logical-type-of';
export { ODCS_API_VERSIONS } from './odcs/odcs-document';
export {
  findSubjectOwner,
  type Ownership,
  parseOwnership,
  readOwnership,
  type TeamChannels,
  type TeamOwnership,
} from './ownership';
export { parseContract } from './parse-contract';
export { readContractDocument } from './read-contract-document';
export { schemaFieldPaths } from './schema-field-paths';
export {
  locateYamlPath,
  type ParsedYaml,
  parseYamlWithPositions,
  YAML_LIMITS,
  yamlSyntaxErrors,
} from './yaml-locations';
