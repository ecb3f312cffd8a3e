import { TestkitError, TestkitErrorCode } from './testkit.errors';

/** Quotes a PostgreSQL identifier (database, table…) so any name is used verbatim and cannot inject SQL. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new TestkitError(TestkitErrorCode.InvalidArgument, `invalid identifier: ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
