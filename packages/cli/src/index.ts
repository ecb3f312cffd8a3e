export { checkSchemaDirectory, type SubjectReport, type VersionReport } from './check-schema-directory';
export { findSchemaVersions, type SchemaVersionFile, type SubjectDirectory } from './find-schema-versions';
export { formatCheckReport } from './format-check-report';
export {
  formatRegisterReport,
  type RegisteredSubject,
  type RegisteredVersion,
  type RegisterSchemaDirectoryOptions,
  registerSchemaDirectory,
} from './register-schema-directory';
