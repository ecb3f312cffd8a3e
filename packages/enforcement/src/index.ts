export {
  type ContractFieldProblem,
  type ContractFieldProblemCode,
  type ContractFieldTarget,
  checkContractFields,
  type LogicalType,
  logicalTypeOf,
  type ReportedField,
} from '@charter/contracts';
export { BodyChecker, type BodyCheckerOptions } from './body/body-checker';
export {
  type BodyRefusal,
  type ContractViolationBody,
  checkBody,
  type RegistryFailureBody,
  registryFailureResponse,
  violationResponse,
} from './body/body-refusal';
export {
  compileDatasetContracts,
  type DatasetContract,
  type DatasetContracts,
  type DatasetRef,
  type SchemaBreach,
} from './contracts/dataset-contracts';
export { MAX_FACET_DEPTH, MAX_FACET_FIELDS, readSchemaFacetFields } from './contracts/read-schema-facet-fields';
export { EnforcementError, type EnforcementErrorClass, isEnforcementError, type Violation } from './enforcement.errors';
export {
  type BoundContract,
  NOT_LOADED,
  type RegisteredSchema,
  RegistryClient,
  type RegistryClientOptions,
  type RegistryCredentials,
  type SchemaReference,
  type SchemaType,
  type SubjectVersion,
} from './registry/registry-client';
export {
  compileDomainRules,
  type DomainRule,
  type DomainRules,
  type RuleAction,
  type RuleFailure,
  type RuleMode,
} from './rules/domain-rules';
export { type Codec, compileCodec, type ReferenceResolver } from './serde/codec';
export { type Deserialized, Deserializer, type DeserializerOptions } from './serde/deserializer';
export { Serializer, type SerializerOptions } from './serde/serializer';
export { type SubjectStrategy, subjectFor } from './serde/subject-strategy';
export { decodeFrame, encodeFrame, HEADER_BYTES, MAGIC_BYTE } from './wire/wire-format';
