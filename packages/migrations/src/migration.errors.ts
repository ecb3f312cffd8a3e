export const MigrationErrorCode = {
  /** A migration's SQL failed; it was rolled back and recorded with its error. */
  Failed: 'MIGRATION_FAILED',
  /** A migration failed earlier and was never resolved; nothing more is applied until it is. */
  FailedEarlier: 'MIGRATION_FAILED_EARLIER',
  /** An applied migration's file has changed since: the database no longer matches the repository. */
  Modified: 'MIGRATION_MODIFIED',
  /** The database holds migrations this build does not know (it was migrated by a newer build). */
  Unknown: 'MIGRATION_UNKNOWN',
} as const;

export type MigrationErrorCode = (typeof MigrationErrorCode)[keyof typeof MigrationErrorCode];

export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
