// CheckSource.rows(): every row of a source streamed, against real PostgreSQL (a server-side cursor in the source's
// read-only transaction) and real DuckDB (its streaming result) over CSV, JSON Lines and Parquet. Bad inputs tried: a
// ragged CSV row past DuckDB's first vector, a --query that outlives the timeout mid-stream, a loop broken early
// (the cursor is closed, the source still answers).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { Client } from 'pg';
import { type CheckSource, CheckSourceError, type SourceRow } from '../src';
import { openCheckSource } from '../src/node';
import { insertShopOrders, shopOrderRows, writeShopOrderFiles } from './support/shop-orders-rows';

const TEXT_COLUMNS = ['order_id', 'customer_id', 'email', 'currency', 'status', 'coupon_code'];

let database: TestDatabase;
let dir: string;
let files: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await insertShopOrders(client, shopOrderRows());
  await client.query('CREATE TABLE shop.big AS SELECT n, n % 7 AS bucket FROM generate_series(1, 50000) AS n');
  await client.end();
  dir = await mkdtemp(join(tmpdir(), 'charter-rows-'));
  files = await writeShopOrderFiles(dir, shopOrderRows());
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function withSource<T>(
  source: string,
  work: (opened: CheckSource) => Promise<T>,
  options: { table?: string; query?: string; timeoutMs?: number } = {},
): Promise<T> {
  const opened = await openCheckSource({
    source,
    object: 'orders',
    timeoutMs: options.timeoutMs ?? 10_000,
    textColumns: TEXT_COLUMNS,
    ...(options.table === undefined ? {} : { table: options.table }),
    ...(options.query === undefined ? {} : { query: options.query }),
  });
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const all: SourceRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

const sorted = (rows: SourceRow[]) => rows.map((row) => JSON.stringify(row)).sort();

describe('CheckSource.rows', () => {
  it('gives the seeded rows, JSON-safe, from Postgres in batches smaller than the table', async () => {
    const rows = await withSource(database.url, (source) => collect(source.rows({ batchSize: 7 })), {
      table: 'shop.orders',
    });
    expect(rows).toHaveLength(40);
    expect(sorted(rows)).toEqual(sorted(shopOrderRows() as unknown as SourceRow[]));
  });

  it.each(['csv', 'jsonl', 'parquet'])('gives the same rows from %s as from Postgres', async (kind) => {
    const rows = await withSource(files[kind]!, (source) => collect(source.rows()));
    expect(sorted(rows)).toEqual(sorted(shopOrderRows() as unknown as SourceRow[]));
  });

  it('reads Postgres through a cursor (no OFFSET paging) and closes it when the loop breaks', async () => {
    await withSource(
      database.url,
      async (source) => {
        let seen = 0;
        let open: SourceRow[] = [];
        for await (const _row of source.rows({ batchSize: 1_000 })) {
          if (++seen === 1) open = await source.queryRows('SELECT name, statement FROM pg_cursors');
          if (seen === 2_500) break;
        }
        expect(open).toEqual([
          { name: 'charter_rows_1', statement: expect.stringContaining('DECLARE charter_rows_1') },
        ]);
        expect(await source.queryRows('SELECT name FROM pg_cursors')).toEqual([]);
        // The source still answers, and a second stream starts from the first row.
        const again = await collect(source.rows({ batchSize: 10_000 }));
        expect(again).toHaveLength(50_000);
        expect(again.reduce((sum, row) => sum + Number(row.n), 0)).toBe((50_000 * 50_001) / 2);
      },
      { table: 'shop.big' },
    );
  });

  it('streams a file past DuckDB’s first vector and stops at a ragged row far in', async () => {
    const good = join(dir, 'many.csv');
    const lines = Array.from({ length: 10_000 }, (_, n) => `${n},x${n % 3}`);
    await writeFile(good, `id,tag\n${lines.join('\n')}\n`);
    const rows = await withSource(good, (source) => collect(source.rows()));
    expect(rows).toHaveLength(10_000);
    expect(rows[0]).toEqual({ id: expect.any(Number), tag: expect.stringMatching(/^x\d$/) });

    const ragged = join(dir, 'ragged-far.csv');
    await writeFile(ragged, `id,tag\n${lines.join('\n')}\n10000,x1,extra\n`);
    const error = await withSource(ragged, (source) => collect(source.rows())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckSourceError);
    expect(error).toMatchObject({ code: 'malformed-file' });
  });

  it('cancels a Postgres stream whose batch outlives the statement timeout', async () => {
    // 0.2 s a row, 5 rows a FETCH: each FETCH is one statement of about 1 s, past the 300 ms timeout.
    const error = await withSource(database.url, (source) => collect(source.rows({ batchSize: 5 })), {
      query: 'SELECT n, pg_sleep(0.2)::text AS slept FROM generate_series(1, 20) AS n',
      timeoutMs: 300,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'query-timeout' });
  });
});
