import { Client, type DatabaseError, type QueryArrayConfig, types } from 'pg';
import {
  type CheckSource,
  CheckSourceError,
  type CheckSourceErrorCode,
  type SourceColumn,
  type SourceRow,
} from '../evaluate';
import { quoteIdentifier, quoteQualifiedName } from '../sql';
import { redactPostgresUrl } from './redact-postgres-url';
import { toJsonValue } from './to-json-value';

export interface OpenPostgresSourceOptions {
  url: string;
  /** `schema.table` (or a bare table on the search_path); exactly one of table and query. */
  table?: string;
  /** A SELECT whose rows are checked. */
  query?: string;
  /** The contract's schema object: sql rules read the data under this name. */
  object: string;
  /** Statement timeout for the scan and each sql rule. */
  timeoutMs: number;
}

/**
 * A PostgreSQL table or query as a checkpoint source. The data is exposed as a temporary view named after the
 * contract's object (created before anything else, so sql rules' `FROM orders` reads it: pg_temp comes first on the
 * search_path), then everything runs in ONE read-only transaction with `SET LOCAL statement_timeout`. A sql rule runs
 * under a savepoint, so a refused or timed-out rule does not abort the others.
 */
export async function openPostgresSource(options: OpenPostgresSourceOptions): Promise<CheckSource> {
  if ((options.table === undefined) === (options.query === undefined)) {
    throw new CheckSourceError('query-failed', 'a postgres source needs exactly one of --table and --query');
  }
  const safeUrl = redactPostgresUrl(options.url);
  const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 10_000, types: NUMERIC_TYPES });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new CheckSourceError('connection-failed', `cannot connect to ${safeUrl}: ${describe(error)}`);
  }
  const view = quoteIdentifier(options.object);
  const relationSql =
    options.table === undefined
      ? `(${options.query!.trim().replace(/;+$/, '')}) AS checked_query`
      : quoteQualifiedName(options.table);
  const what = options.table === undefined ? 'the --query' : `table ${options.table}`;
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs));
  try {
    const conforming = await client.query('SHOW standard_conforming_strings');
    if (conforming.rows[0]?.standard_conforming_strings !== 'on') {
      throw new CheckSourceError('query-failed', 'the server has standard_conforming_strings off; checks need it on');
    }
    await client.query(`CREATE TEMP VIEW ${view} AS SELECT * FROM ${relationSql}`).catch((error: unknown) => {
      throw mapError(error, 'query-failed', what);
    });
    await client.query('BEGIN TRANSACTION READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error instanceof CheckSourceError ? error : mapError(error, 'query-failed', what);
  }
  let savepoints = 0;
  let cursors = 0;
  return {
    dialect: 'postgres',
    type: 'postgres',
    name: `${safeUrl} ${options.table ?? 'query'}`,
    relation: view,
    async describeColumns(): Promise<SourceColumn[]> {
      const result = await client.query<{ name: string; type: string }>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
           FROM pg_attribute a
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [`pg_temp.${view}`],
      );
      return result.rows;
    },
    async queryRows(sql: string): Promise<SourceRow[]> {
      try {
        const result = await client.query(sql);
        return result.rows.map(toJsonRow);
      } catch (error) {
        throw mapError(error, 'query-failed', what);
      }
    },
    async *rows(rowsOptions: { batchSize?: number } = {}): AsyncIterable<SourceRow> {
      // DECLARE inside the source's read-only transaction: each FETCH is one statement under its timeout.
      const cursor = `charter_rows_${++cursors}`;
      const batch = Math.max(1, Math.floor(rowsOptions.batchSize ?? ROW_BATCH));
      try {
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${view}`);
      } catch (error) {
        throw mapError(error, 'query-failed', what);
      }
      try {
        for (;;) {
          let fetched: Record<string, unknown>[];
          try {
            fetched = (await client.query(`FETCH FORWARD ${batch} FROM ${cursor}`)).rows;
          } catch (error) {
            throw mapError(error, 'query-failed', what);
          }
          for (const row of fetched) yield toJsonRow(row);
          if (fetched.length < batch) return;
        }
      } finally {
        // After a failed FETCH the transaction is aborted and CLOSE fails too: the source is done either way.
        await client.query(`CLOSE ${cursor}`).catch(() => undefined);
      }
    },
    async runRule(sql: string): Promise<unknown> {
      refuseNonQuery(sql);
      const savepoint = `charter_rule_${++savepoints}`;
      // Each rule gets the timeout afresh: a rule's set_config() cannot lift it for the next one.
      await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      await client.query(`SAVEPOINT ${savepoint}`);
      try {
        // The extended protocol parses exactly one statement: `COMMIT; DELETE …` is refused by the server.
        const query: QueryArrayConfig & { queryMode: 'extended' } = {
          text: sql,
          rowMode: 'array',
          queryMode: 'extended',
        };
        const result = await client.query(query);
        await client.query(`RELEASE SAVEPOINT ${savepoint}`);
        return toJsonValue((result.rows?.[0] as unknown[] | undefined)?.[0] ?? null);
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw mapError(error, 'sql-rule-failed', 'the sql rule');
      } finally {
        await assertStillReadOnly(client);
      }
    },
    async close(): Promise<void> {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Rows per FETCH of {@link CheckSource.rows}. */
const ROW_BATCH = 2_000;

/**
 * A sql rule must be one query: its first keyword (after comments and parentheses) SELECT, WITH, VALUES or TABLE.
 * Transaction control (COMMIT, ROLLBACK, END), SET, COPY, CALL and the rest are refused before they reach the
 * server, so no rule can end the read-only transaction the others run in; a data-modifying WITH is refused by it.
 */
function refuseNonQuery(sql: string): void {
  const start = sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  const keyword = /^[a-z]+/i.exec(start)?.[0]?.toLowerCase();
  if (keyword === undefined || !QUERY_KEYWORDS.has(keyword)) {
    throw new CheckSourceError(
      'sql-rule-writes',
      `the sql rule: refused: a rule must be one SELECT (it starts with ${keyword ? keyword.toUpperCase() : 'no keyword'})`,
    );
  }
}

const QUERY_KEYWORDS = new Set(['select', 'with', 'values', 'table']);

/** After each rule: still inside the read-only transaction, or the run stops rather than go on writable. */
async function assertStillReadOnly(client: Client): Promise<void> {
  const result = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
  if (result.rows[0]?.transaction_read_only !== 'on') {
    throw new CheckSourceError('query-failed', 'a sql rule ended the read-only transaction: the checkpoint stopped');
  }
}

/** bigint and numeric as JSON numbers (a bigint beyond 2^53 stays a string), as DuckDB's sources give them. */
const NUMERIC_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === types.builtins.INT8) {
      return (text: string) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
    }
    if (oid === types.builtins.NUMERIC) return (text: string) => (Number.isFinite(Number(text)) ? Number(text) : text);
    return types.getTypeParser(oid, format);
  },
} as unknown as ConstructorParameters<typeof Client>[0] extends infer C
  ? C extends { types?: infer T }
    ? T
    : never
  : never;

function toJsonRow(row: Record<string, unknown>): SourceRow {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toJsonValue(value)]));
}

/** SQLSTATE → the source error a user can act on; the server's message is kept (it never holds the password). */
function mapError(error: unknown, fallback: CheckSourceErrorCode, what: string): CheckSourceError {
  const code = (error as Partial<DatabaseError>).code;
  const rule = fallback === 'sql-rule-failed';
  const byState: Record<string, CheckSourceErrorCode> = {
    '42P01': 'table-not-found',
    '3F000': 'table-not-found',
    '42501': 'permission-denied',
    '57014': rule ? 'sql-rule-timeout' : 'query-timeout',
    '25006': rule ? 'sql-rule-writes' : 'query-failed',
  };
  const several = rule && /multiple commands/i.test(describe(error));
  const mapped = several ? 'sql-rule-writes' : (code !== undefined && byState[code]) || fallback;
  const hints: Partial<Record<CheckSourceErrorCode, string>> = {
    'sql-rule-writes': several
      ? 'refused: a rule must be one SELECT statement'
      : 'refused: sql rules run in a read-only transaction',
    'sql-rule-timeout': 'cancelled at the statement timeout (--timeout)',
    'query-timeout': 'cancelled at the statement timeout (--timeout)',
  };
  return new CheckSourceError(mapped, `${what}: ${hints[mapped] ? `${hints[mapped]}: ` : ''}${describe(error)}`);
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}
