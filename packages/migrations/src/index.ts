export { type ApplySqlMigrationsOptions, applySqlMigrations } from './apply-sql-migrations';
export { MigrationError, MigrationErrorCode } from './migration.errors';
export { readSqlMigrations, type SqlMigration } from './read-sql-migrations';
export { pgTarget, type SqlTarget } from './sql-target';
