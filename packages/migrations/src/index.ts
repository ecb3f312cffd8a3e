export { type ApplySqlMigrationsOptions, applySqlMigrations } from './apply-sql-migrations';
export { errorChain } from './error-chain';
export { MigrationError, MigrationErrorCode } from './migration.errors';
export { readSqlMigrations, type SqlMigration } from './read-sql-migrations';
export { pgTarget, type SqlTarget } from './sql-target';
export { isStoreDataError, isStoreTimeout, isStoreUnavailable } from './store-errors';
export { escapeUnstorableText, findUnstorableText, isUnstorableText } from './unstorable-text';
