// The "done when": after the sample run, `charter checkpoint` on staging.orders fails exactly the checks the
// samples seed (manifest.json's `checkpoint`), and the same rows exported to Parquet, CSV and JSON Lines get the
// same verdicts and the same observed values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CheckRunDocument } from '@charter/checks';
import { readPipelineSamples, runCheckpointCommand, runPipelineSamples } from '@charter/cli';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { MIGRATIONS_DIR } from '../../src/storage/open-database';
import {
  type PipelineServices,
  SAMPLES_DIR,
  startPipelineServices,
  startTestPipeline,
  type TestPipeline,
} from '../support/test-pipeline';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as {
  checkpoint: {
    contract: string;
    table: string;
    rows: number;
    failing: { seeded: string[]; stale: string[] };
    observed: Record<string, number>;
  };
};
const expectedFailing = [...manifest.checkpoint.failing.seeded, ...manifest.checkpoint.failing.stale].sort();

let services: PipelineServices;
let database: TestDatabase;
let pipeline: TestPipeline;
let dir: string;

beforeAll(async () => {
  [services, database] = await Promise.all([
    startPipelineServices(),
    createTestDatabase({ migrationsDir: MIGRATIONS_DIR }),
  ]);
  pipeline = await startTestPipeline(services, { database });
  dir = mkdtempSync(path.join(tmpdir(), 'charter-sample-checkpoint-'));
  const report = await runPipelineSamples({
    pipelineUrl: pipeline.url,
    files: await readPipelineSamples([path.join(SAMPLES_DIR, 'orders.jsonl')]),
    registryCredentials: services.registry.adminKey,
    timeoutMs: 45_000,
  });
  if (!report.ok) throw new Error(`the sample run failed: ${JSON.stringify(report.failures)}`);
}, 90_000);

afterAll(async () => {
  await pipeline?.close();
  await services?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function checkpoint(source: string, table?: string): Promise<{ code: number; run: CheckRunDocument }> {
  let stdout = '';
  const code = await runCheckpointCommand(
    {
      contractFile: path.join(ROOT, manifest.checkpoint.contract),
      source,
      ...(table === undefined ? {} : { table }),
      format: 'json',
      timeout: 30,
      registryUrl: 'http://127.0.0.1:1',
      headers: {},
    },
    { stdout: (text) => (stdout += text), stderr: () => undefined },
  );
  return { code, run: JSON.parse(stdout) as CheckRunDocument };
}

const failing = (run: CheckRunDocument) =>
  run.results
    .filter((result) => !result.success)
    .map((result) => result.id)
    .sort();

/** The table's contracted columns as JSON Lines, then Parquet and CSV written from them by DuckDB. */
async function exportRows(): Promise<Record<'jsonl' | 'parquet' | 'csv', string>> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query(
    `SELECT order_id, customer_id, amount_cents::float8 AS amount_cents, currency, status, placed_at, coupon_code,
            shipping_address
       FROM staging.orders ORDER BY order_id`,
  );
  await client.end();
  const files = {
    jsonl: path.join(dir, 'orders.jsonl'),
    parquet: path.join(dir, 'orders.parquet'),
    csv: path.join(dir, 'orders.csv'),
  };
  writeFileSync(
    files.jsonl,
    `${rows.map((row) => JSON.stringify({ ...row, amount_cents: Math.round(row.amount_cents) })).join('\n')}\n`,
  );
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const read = `SELECT * REPLACE (CAST(placed_at AS TIMESTAMPTZ) AS placed_at) FROM read_json('${files.jsonl}', format = 'newline_delimited')`;
  await connection.run(`COPY (${read}) TO '${files.parquet}' (FORMAT parquet)`);
  await connection.run(
    `COPY (SELECT * REPLACE (to_json(shipping_address) AS shipping_address) FROM (${read})) TO '${files.csv}' (HEADER)`,
  );
  connection.closeSync();
  instance.closeSync();
  return files;
}

describe('charter checkpoint on the sample pipeline table', () => {
  it('fails exactly the manifest seeded and stale checks on staging.orders, exit 1', async () => {
    const { code, run } = await checkpoint(database.url, manifest.checkpoint.table);
    expect(failing(run)).toEqual(expectedFailing);
    expect(code).toBe(1);
    const byId = new Map(run.results.map((result) => [result.id, result]));
    for (const [id, observed] of Object.entries(manifest.checkpoint.observed)) {
      expect(byId.get(id)!.result.observed_value).toBe(observed);
    }
    expect(byId.get('order_id.not_null')!.result.element_count).toBe(manifest.checkpoint.rows);
    expect(byId.get('schema.order_id')!.success).toBe(true);
    // The stored addresses passed the edge's per-record checks: every required child is there, and checked.
    for (const child of ['line1', 'city', 'postal_code', 'country']) {
      for (const check of ['type', 'not_null', 'not_empty']) {
        const result = byId.get(`shipping_address.${child}.${check}`)!;
        expect({ id: result.id, unexpected: result.result.unexpected_count }).toEqual({ id: result.id, unexpected: 0 });
      }
    }
  });

  it('gives the same verdicts and observed values on the rows exported to Parquet, CSV and JSON Lines', async () => {
    const reference = (await checkpoint(database.url, manifest.checkpoint.table)).run;
    const observed = (run: CheckRunDocument) =>
      run.results
        .filter((result) => !result.id.startsWith('schema.') && !manifest.checkpoint.failing.stale.includes(result.id))
        .map((result) => [result.id, result.success, result.result.observed_value]);
    const files = await exportRows();
    for (const [type, file] of Object.entries(files)) {
      const { code, run } = await checkpoint(file);
      expect({ type, failing: failing(run) }).toEqual({ type, failing: expectedFailing });
      expect({ type, observed: observed(run) }).toEqual({ type, observed: observed(reference) });
      expect(code).toBe(1);
    }
  });
});
