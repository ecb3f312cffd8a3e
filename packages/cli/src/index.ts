export { checkSchemaDirectory, type SubjectReport, type VersionReport } from './check-schema-directory';
export { formatCheckReport } from './format-check-report';
