import type { CheckSource } from '../evaluate';
import { type FileFormat, openFileSource } from './duckdb-source';
import { openPostgresSource } from './postgres-source';

export interface OpenCheckSourceOptions {
  /** `postgres://…` / `postgresql://…`, or a file path. */
  source: string;
  table?: string;
  query?: string;
  format?: FileFormat;
  object: string;
  textColumns?: string[];
  jsonColumns?: string[];
  timeoutMs: number;
  memoryLimit?: string;
}

export function isPostgresUrl(source: string): boolean {
  return /^postgres(ql)?:\/\//i.test(source);
}

/** A PostgreSQL URL opens a Postgres source; anything else is a file read by DuckDB. */
export function openCheckSource(options: OpenCheckSourceOptions): Promise<CheckSource> {
  if (isPostgresUrl(options.source)) {
    return openPostgresSource({
      url: options.source,
      object: options.object,
      timeoutMs: options.timeoutMs,
      ...(options.table === undefined ? {} : { table: options.table }),
      ...(options.query === undefined ? {} : { query: options.query }),
    });
  }
  return openFileSource({
    file: options.source,
    object: options.object,
    timeoutMs: options.timeoutMs,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.textColumns === undefined ? {} : { textColumns: options.textColumns }),
    ...(options.jsonColumns === undefined ? {} : { jsonColumns: options.jsonColumns }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
}
