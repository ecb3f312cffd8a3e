import { readJsonLines } from '@charter/drift/node';
import { InvalidInputError } from '@charter/errors';

export interface ProfileSource {
  /** What the profile names as its source: a file path, or `postgres://user@host/db schema.table` (no password). */
  name: string;
  records: AsyncIterable<unknown>;
  close(): Promise<void>;
}

export interface OpenProfileSourceOptions {
  source: string;
  table?: string;
  query?: string;
  formatIn?: 'csv' | 'jsonl' | 'parquet';
  /** The contract's schema object: a PostgreSQL source is read through a temporary view of this name. */
  object: string;
  /** Contracted string columns (a CSV's `007` stays text) and object/array columns (a CSV's JSON text, parsed). */
  textColumns: string[];
  jsonColumns: string[];
  timeoutMs: number;
  memoryLimit?: string;
}

/**
 * The records of a `--source`, streamed with bounded memory: a JSON Lines file line by line; a CSV or Parquet file
 * through DuckDB's streaming result and a PostgreSQL table or query through a cursor (the checkpoint's sources,
 * `@charter/checks/node`). A source error becomes an InvalidInputError with the source's code (exit 2); the name
 * and messages never carry a password.
 */
export async function openProfileSource(options: OpenProfileSourceOptions): Promise<ProfileSource> {
  const { isPostgresUrl, openCheckSource } = await import('@charter/checks/node');
  const postgres = isPostgresUrl(options.source);
  if (postgres && (options.table === undefined) === (options.query === undefined)) {
    throw new InvalidInputError('invalid-option', 'a postgres:// source needs exactly one of --table and --query');
  }
  if (!postgres && (options.table !== undefined || options.query !== undefined)) {
    throw new InvalidInputError('invalid-option', '--table and --query go with a postgres:// source');
  }
  const jsonLines = options.formatIn === 'jsonl' || (!options.formatIn && /\.(jsonl|ndjson)$/i.test(options.source));
  if (!postgres && jsonLines) {
    return { name: options.source, records: readJsonLines(options.source), close: async () => undefined };
  }
  const { isCheckSourceError } = await import('@charter/checks');
  const coded = (error: unknown) =>
    isCheckSourceError(error) ? new InvalidInputError(sourceCode(error.code), error.message) : error;
  let source: Awaited<ReturnType<typeof openCheckSource>>;
  try {
    source = await openCheckSource({
      source: options.source,
      object: options.object,
      timeoutMs: options.timeoutMs,
      textColumns: options.textColumns,
      jsonColumns: options.jsonColumns,
      ...(options.table === undefined ? {} : { table: options.table }),
      ...(options.query === undefined ? {} : { query: options.query }),
      ...(options.formatIn === undefined ? {} : { format: options.formatIn }),
      ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
    });
  } catch (error) {
    throw coded(error);
  }
  async function* records(): AsyncGenerator<unknown> {
    try {
      yield* source.rows();
    } catch (error) {
      throw coded(error);
    }
  }
  return { name: source.name, records: records(), close: () => source.close() };
}

/** The profile command's codes for what a checkpoint source reports (the JSON Lines reader's where they overlap). */
function sourceCode(code: string): string {
  if (code === 'file-not-found') return 'source-not-found';
  if (code === 'empty-file') return 'empty-source';
  return code;
}
