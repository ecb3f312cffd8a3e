import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { DuckDBConnection, StatementType } from '@duckdb/node-api';
import {
  type CheckSource,
  CheckSourceError,
  type CheckSourceErrorCode,
  type SourceColumn,
  type SourceRow,
} from '../evaluate';
import { quoteIdentifier, sqlLiteral } from '../sql';
import { toJsonValue } from './to-json-value';

export const FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export interface OpenFileSourceOptions {
  file: string;
  /** Read as this format whatever the extension (`--format-in`). */
  format?: FileFormat;
  /** The contract's schema object: the file is a view of this name. */
  object: string;
  /** Columns read as text even when they look numeric (a CSV's contracted string columns: ids, postal codes). */
  textColumns?: string[];
  /** Columns a CSV holds as JSON text (contracted objects and arrays). */
  jsonColumns?: string[];
  timeoutMs: number;
  /** DuckDB's memory_limit: a bigger file spills or streams, it does not grow the process. */
  memoryLimit?: string;
  threads?: number;
}

const EXTENSIONS: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/**
 * A CSV, JSON Lines or Parquet file as a checkpoint source, read by an in-memory DuckDB with a memory limit. The file
 * is a view named after the contract's object; DuckDB streams it for every query. sql rules may only be SELECTs
 * (DuckDB has no read-only transaction over an in-memory database, so each statement's type is checked before it
 * runs) and see no file but the checked one (external access off, configuration locked); a query running past the
 * timeout is interrupted.
 */
export async function openFileSource(options: OpenFileSourceOptions): Promise<CheckSource> {
  const path = resolve(options.file);
  const format = options.format ?? EXTENSIONS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new CheckSourceError(
      'unsupported-format',
      `${options.file}: cannot tell the format from the extension; use --format-in ${FILE_FORMATS.join('|')}`,
    );
  }
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile())
    throw new CheckSourceError('file-not-found', `${options.file}: no such file`);
  if (info.size === 0)
    throw new CheckSourceError('empty-file', `${options.file}: the file is empty (not even a header)`);

  const duckdb = await loadDuckDb();
  // Where DuckDB spills what does not fit in memory_limit (by default it would write `.tmp` in the working directory).
  const spill = await mkdtemp(join(tmpdir(), 'charter-checkpoint-'));
  const instance = await duckdb.DuckDBInstance.create(':memory:', {
    temp_directory: spill,
    memory_limit: options.memoryLimit ?? '1GB',
    threads: String(options.threads ?? 2),
    preserve_insertion_order: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  /** One step of DuckDB work under the timeout, its failure as the CheckSourceError a user can act on. */
  const guard = async <T>(work: () => Promise<T>, code: CheckSourceErrorCode = 'malformed-file'): Promise<T> => {
    const timer = setTimeout(() => connection.interrupt(), options.timeoutMs);
    try {
      return await work();
    } catch (error) {
      const message = firstLines(error);
      if (/out of memory/i.test(message)) {
        throw new CheckSourceError(
          'out-of-memory',
          `${options.file}: DuckDB needs more than --memory-limit ${options.memoryLimit ?? '1GB'} here: ${message}`,
        );
      }
      if (/interrupt/i.test(message)) {
        throw new CheckSourceError(
          code === 'sql-rule-failed' ? 'sql-rule-timeout' : 'query-timeout',
          `${code === 'sql-rule-failed' ? 'the sql rule' : options.file}: cancelled at the timeout (--timeout)`,
        );
      }
      if (code === 'sql-rule-failed') throw new CheckSourceError(code, `the sql rule: ${message}`);
      const hint = format === 'csv' ? ' (is every row as wide as the header, comma-separated?)' : '';
      throw new CheckSourceError(code, `${options.file}: not a readable ${format} file${hint}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  };
  const run = (sql: string, code?: CheckSourceErrorCode) => guard(() => connection.runAndReadAll(sql), code);
  const close = async () => {
    connection.closeSync();
    instance.closeSync();
    await rm(spill, { recursive: true, force: true });
  };
  try {
    const view = quoteIdentifier(options.object);
    let reader = readerFor(format, path, {});
    const typed = [
      ...(options.textColumns ?? []).map((name) => [name, 'VARCHAR'] as const),
      ...(options.jsonColumns ?? []).map((name) => [name, 'JSON'] as const),
    ];
    if (format === 'csv' && typed.length > 0) {
      const header = (await run(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJson();
      const present = new Set(header.map((column) => String(column.column_name)));
      reader = readerFor(format, path, Object.fromEntries(typed.filter(([name]) => present.has(name))));
    }
    await run(`CREATE VIEW ${view} AS SELECT * FROM ${reader}`);
    // From here on DuckDB may touch only the checked file and its spill directory: a sql rule's read_csv('/etc/…')
    // or an extension load is refused, and the rule cannot lift the lock.
    await run(`SET allowed_paths = [${sqlLiteral(path)}]`);
    await run(`SET allowed_directories = [${sqlLiteral(spill)}]`);
    await run('SET enable_external_access = false');
    await run('SET lock_configuration = true');
    // A CSV carries objects and arrays as JSON text; Parquet and JSON Lines hold them as structs and lists already.
    const jsonColumns = new Set(format === 'csv' ? (options.jsonColumns ?? []) : []);
    return {
      dialect: 'duckdb',
      type: format,
      name: options.file,
      relation: view,
      async describeColumns(): Promise<SourceColumn[]> {
        const rows = (await run(`DESCRIBE SELECT * FROM ${view}`)).getRowObjectsJson();
        return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
      },
      async queryRows(sql: string): Promise<SourceRow[]> {
        return (await run(sql)).getRowObjectsJson();
      },
      async *rows(): AsyncIterable<SourceRow> {
        // DuckDB's streaming result: one vector (2 048 rows) converted at a time, the file read as the loop asks.
        const result = await guard(() => connection.stream(`SELECT * FROM ${view}`));
        const batches = result.yieldRowObjectJs()[Symbol.asyncIterator]();
        for (;;) {
          const next = await guard(() => batches.next());
          if (next.done) return;
          for (const row of next.value) yield toSourceRow(row, jsonColumns);
        }
      },
      async runRule(sql: string): Promise<unknown> {
        await refuseWrites(connection, sql, duckdb.StatementType);
        const reader = await run(sql, 'sql-rule-failed');
        const rows = reader.getRowsJson();
        return toNumber(rows[0]?.[0] ?? null);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * DuckDB's native addon, loaded when a file is checked: the packed CLI bundles everything else and leaves this one
 * to be installed beside it.
 */
async function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  try {
    return await import('@duckdb/node-api');
  } catch (error) {
    throw new CheckSourceError(
      'duckdb-missing',
      `reading files needs DuckDB's Node API: npm install -g @duckdb/node-api (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

function readerFor(format: FileFormat, path: string, columnTypes: Record<string, 'VARCHAR' | 'JSON'>): string {
  const file = sqlLiteral(path);
  if (format === 'parquet') return `read_parquet(${file})`;
  if (format === 'jsonl') return `read_json(${file}, format = 'newline_delimited')`;
  const entries = Object.entries(columnTypes);
  const types =
    entries.length === 0
      ? ''
      : `, types = {${entries.map(([name, type]) => `${sqlLiteral(name)}: ${sqlLiteral(type)}`).join(', ')}}`;
  return `read_csv(${file}, delim = ',', header = true, skip = 0, strict_mode = true, null_padding = false, allow_quoted_nulls = false${types})`;
}

/** Each statement of a rule must be a SELECT (or EXPLAIN): anything else is refused before it runs. */
async function refuseWrites(
  connection: DuckDBConnection,
  sql: string,
  types: typeof import('@duckdb/node-api').StatementType,
): Promise<void> {
  let statements: Awaited<ReturnType<DuckDBConnection['extractStatements']>>;
  try {
    statements = await connection.extractStatements(sql);
  } catch (error) {
    throw new CheckSourceError('sql-rule-failed', `the sql rule: ${firstLines(error)}`);
  }
  for (let index = 0; index < statements.count; index++) {
    let type: StatementType;
    try {
      type = (await statements.prepare(index)).statementType;
    } catch (error) {
      const message = firstLines(error);
      const writes = /can only (delete|update|insert)|cannot (insert|update|delete)/i.test(message);
      throw new CheckSourceError(writes ? 'sql-rule-writes' : 'sql-rule-failed', `the sql rule: ${message}`);
    }
    if (type !== types.SELECT && type !== types.EXPLAIN) {
      throw new CheckSourceError(
        'sql-rule-writes',
        `the sql rule: refused: a rule may only read (statement ${index + 1} is ${types[type]})`,
      );
    }
  }
}

/** A row of DuckDB's JS values as JSON-safe values; a CSV's JSON columns parsed (kept as text if not JSON). */
function toSourceRow(row: Record<string, unknown>, jsonColumns: ReadonlySet<string>): SourceRow {
  const converted: SourceRow = {};
  for (const [name, value] of Object.entries(row)) {
    if (typeof value === 'string' && jsonColumns.has(name)) {
      try {
        converted[name] = JSON.parse(value);
        continue;
      } catch {}
    }
    converted[name] = toJsonValue(value);
  }
  return converted;
}

/** DuckDB's JSON rows give BIGINT and HUGEINT as strings: a rule's count back to a number. */
function toNumber(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  return value;
}

function firstLines(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').slice(0, 2).join(' ').trim();
}
