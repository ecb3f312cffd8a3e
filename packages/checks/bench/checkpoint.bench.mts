// pnpm bench:checks — a checkpoint measured side by side with the single hand-written SQL query computing the same
// metrics, in one run, on the same data:
//   postgres: a 10 M-row table (10 contracted columns, 8 quality rules; generate_series), checkpoint vs hand-written
//   parquet:  the same rows as a Parquet file (DuckDB COPY), checkpoint vs hand-written DuckDB SQL over read_parquet
// Rounds alternate (hand-written, checkpoint) so drift on a shared machine hits both; the ratio is of the medians.
// Goal: <= 1.5x. Needs PostgreSQL (DATABASE_URL, as the tests). BENCH_ROWS (10 000 000), BENCH_ROUNDS (5) and
// BENCH_ONLY=postgres,parquet scale and pick. The profiler-overhead bench (issue #15 §5) has its own script.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@charter/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { planCheckpoint, runCheckpoint } from '../src/index.js';
import { openFileSource, openPostgresSource } from '../src/node/index.js';
import { BENCH_CONTRACT, handWrittenSql, rowsSql } from './checkpoint-contract.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'postgres,parquet').split(','));
const NOW = new Date('2026-12-31T00:00:00Z');

const plan = planCheckpoint({ contract: BENCH_CONTRACT });
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function compare(name: string, handWritten: () => Promise<unknown>, checkpoint: () => Promise<unknown>) {
  await handWritten();
  await checkpoint();
  const hand: number[] = [];
  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    hand.push(await time(handWritten));
    ours.push(await time(checkpoint));
    console.error(
      `${name} round ${round + 1}: hand-written ${seconds(hand.at(-1)!)}, checkpoint ${seconds(ours.at(-1)!)}`,
    );
  }
  const ratio = median(ours) / median(hand);
  console.log(
    `${name}: ${ROWS.toLocaleString('en')} rows, ${plan.checks.length} checks; median hand-written ${seconds(median(hand))}, ` +
      `checkpoint ${seconds(median(ours))}; ratio ${ratio.toFixed(2)}x (goal <= 1.5x; ${ROUNDS} rounds)`,
  );
}

async function checkpointOnce(open: () => ReturnType<typeof openPostgresSource>) {
  const source = await open();
  try {
    const run = await runCheckpoint({ plan, source, now: NOW, runId: randomUUID() });
    if (!run.success)
      throw new Error(`the bench data should pass: ${run.results.filter((r) => !r.success).map((r) => r.id)}`);
  } finally {
    await source.close();
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'charter-bench-checks-'));
const database = await createTestDatabase();
try {
  if (ONLY.has('postgres')) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const load = await time(async () => {
      await client.query('CREATE SCHEMA bench');
      await client.query(`CREATE UNLOGGED TABLE bench.orders AS ${rowsSql('postgres', ROWS)}`);
      await client.query('ANALYZE bench.orders');
    });
    console.error(`postgres: generated ${ROWS} rows in ${seconds(load)}`);
    await compare(
      'postgres',
      async () => {
        await client.query('BEGIN READ ONLY');
        await client.query(handWrittenSql('postgres', 'bench.orders'));
        await client.query('COMMIT');
      },
      () =>
        checkpointOnce(() =>
          openPostgresSource({ url: database.url, table: 'bench.orders', object: 'orders', timeoutMs: 600_000 }),
        ),
    );
    await client.end();
  }
  if (ONLY.has('parquet')) {
    const file = path.join(dir, 'orders.parquet');
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB', threads: '2' });
    const connection = await instance.connect();
    const load = await time(() => connection.run(`COPY (${rowsSql('duckdb', ROWS)}) TO '${file}' (FORMAT parquet)`));
    console.error(`parquet: wrote ${ROWS} rows in ${seconds(load)}`);
    await compare(
      'parquet',
      () => connection.runAndReadAll(handWrittenSql('duckdb', `read_parquet('${file}')`)),
      () =>
        checkpointOnce(() =>
          openFileSource({ file, object: 'orders', timeoutMs: 600_000, memoryLimit: '1GB', threads: 2 }),
        ),
    );
    connection.closeSync();
    instance.closeSync();
  }
} finally {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
