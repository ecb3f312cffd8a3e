export {
  type CheckSource,
  CheckSourceError,
  type CheckSourceErrorCode,
  isCheckSourceError,
  type SourceColumn,
  type SourceRow,
} from './check-source';
export { type RunCheckpointOptions, runCheckpoint } from './run-checkpoint';
