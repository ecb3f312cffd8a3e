import type { CheckSourceType } from '../report';
import type { SqlDialect } from '../sql';

/** A column as the source reports it: its name and the engine's type name (`bigint`, `VARCHAR`, `timestamp with time zone`). */
export interface SourceColumn {
  name: string;
  type: string;
}

/** Rows as JSON-safe values (numbers, strings, booleans, null; timestamps as ISO strings). */
export type SourceRow = Record<string, unknown>;

/**
 * Where a checkpoint reads data: a SQL engine holding the contract's object as a relation. Implementations live in
 * `@charter/checks/node` (PostgreSQL, DuckDB over files); the checkpoint itself only sends SQL through this.
 */
export interface CheckSource {
  readonly dialect: SqlDialect;
  readonly type: CheckSourceType;
  /** What the run reports as its source: never a password. */
  readonly name: string;
  /** The SQL the scan reads from (a quoted view named after the contract's object). */
  readonly relation: string;
  describeColumns(): Promise<SourceColumn[]>;
  queryRows(sql: string): Promise<SourceRow[]>;
  /**
   * Every row of the relation, streamed: a server-side cursor on PostgreSQL, DuckDB's streaming result over a file.
   * Memory is bounded by one batch whatever the table's size (no LIMIT/OFFSET paging). Values are JSON-safe as in
   * queryRows (bigint as a number when it fits, timestamps as ISO strings, a CSV's JSON columns parsed). Each batch
   * is bound by the statement timeout. Stop early by breaking out of the loop; the cursor is closed either way.
   */
  rows(options?: { batchSize?: number }): AsyncIterable<SourceRow>;
  /**
   * Runs a contract's sql rule read-only with the statement timeout and returns its first value. Throws a
   * CheckSourceError `sql-rule-writes`, `sql-rule-timeout` or `sql-rule-failed`.
   */
  runRule(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

export type CheckSourceErrorCode =
  | 'connection-failed'
  | 'table-not-found'
  | 'permission-denied'
  | 'query-timeout'
  | 'query-failed'
  | 'file-not-found'
  | 'empty-file'
  | 'malformed-file'
  | 'unsupported-format'
  | 'duckdb-missing'
  | 'out-of-memory'
  | 'sql-rule-writes'
  | 'sql-rule-timeout'
  | 'sql-rule-failed';

/** A source could not do what was asked: a usage or input error (exit 2), or, for a sql rule, that rule's exception. */
export class CheckSourceError extends Error {
  override readonly name = 'CheckSourceError';
  constructor(
    readonly code: CheckSourceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isCheckSourceError(error: unknown): error is CheckSourceError {
  return error instanceof CheckSourceError;
}
