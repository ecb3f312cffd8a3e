// `@charter/checks/node`: the package's I/O, the sources a checkpoint reads (PostgreSQL through `pg`, files through
// DuckDB). The engine in `@charter/checks` only talks to them through the CheckSource interface.
export { FILE_FORMATS, type FileFormat, type OpenFileSourceOptions, openFileSource } from './duckdb-source';
export { isPostgresUrl, type OpenCheckSourceOptions, openCheckSource } from './open-check-source';
export { type OpenPostgresSourceOptions, openPostgresSource } from './postgres-source';
export { redactPostgresUrl } from './redact-postgres-url';
