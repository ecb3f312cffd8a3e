export {
  type AppliedContract,
  type ApplyContractsOptions,
  type ApplyResult,
  applyContractsDirectory,
} from './apply-contracts-directory';
export { checkSchemaDirectory, type SubjectReport, type VersionReport } from './check-schema-directory';
export {
  type CheckpointCommandOptions,
  type CheckpointIo,
  runCheckpointCommand,
} from './checkpoint/run-checkpoint-command';
export { findSchemaVersions, type SchemaVersionFile, type SubjectDirectory } from './find-schema-versions';
export { formatApplyReport } from './format-apply-report';
export { formatCheckReport } from './format-check-report';
export {
  countExpected,
  DEAD_LETTER_CLASSES,
  type ExpectedCounts,
  type PipelineSample,
  REJECTION_LAYERS,
  readPipelineSamples,
  type SampleFile,
  SamplesError,
} from './pipeline/read-pipeline-samples';
export {
  type PipelineRunReport,
  type RunPipelineSamplesOptions,
  runPipelineSamples,
  type StreamReport,
} from './pipeline/run-pipeline-samples';
export { type PushedEvent, type PushLineageOptions, pushLineageEvents } from './push-lineage-events';
export {
  formatRegisterReport,
  type RegisteredSubject,
  type RegisteredVersion,
  type RegisterSchemaDirectoryOptions,
  registerSchemaDirectory,
} from './register-schema-directory';
export { authorizationHeader, readApiKey } from './registry-credentials';
