import { readJsonLines } from '@charter/drift/node';
import { InvalidInputError } from '@charter/errors';

/**
 * The records of a `--source`, streamed. JSON Lines for now; CSV, Parquet and PostgreSQL sources are read by
 * `@charter/checks` (DuckDB and pg) and plug in here as further async iterables. The source's name never carries
 * credentials (a postgres URL is not echoed).
 */
export function readProfileSource(
  source: string,
  options: { table?: string },
): { name: string; records: AsyncIterable<unknown> } {
  if (/^postgres(ql)?:\/\//i.test(source)) {
    throw new InvalidInputError(
      'unsupported-source',
      `charter profile reads JSON Lines files for now; PostgreSQL${options.table ? ` (table ${options.table})` : ''} comes with the checkpoint sources`,
    );
  }
  if (options.table !== undefined)
    throw new InvalidInputError('invalid-option', '--table goes with a postgres:// source');
  if (/\.(jsonl|ndjson)$/i.test(source)) return { name: source, records: readJsonLines(source) };
  if (/\.(csv|parquet)$/i.test(source)) {
    throw new InvalidInputError(
      'unsupported-source',
      `charter profile reads JSON Lines files for now; ${source} comes with the checkpoint sources`,
    );
  }
  throw new InvalidInputError('unsupported-source', `${source}: expected a .jsonl or .ndjson file`);
}
