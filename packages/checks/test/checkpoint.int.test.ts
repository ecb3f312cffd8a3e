// A checkpoint against real PostgreSQL and real DuckDB over the same seeded rows: the seeded checks fail, no other,
// whatever the source. Bad inputs tried: a missing table, a table the role cannot read, a sql rule that writes
// (DELETE, UPDATE, CREATE TABLE, two statements), a rule that outlives the timeout, a scan that does, a ragged CSV
// (early and past the sniffer's sample), a broken JSON Lines file, a .parquet that is not Parquet, a Parquet column
// of another type, an empty file, an unknown file extension, a password in the URL, an unreachable server.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '@charter/contracts';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { type CheckPlan, type CheckRunDocument, CheckSourceError, planCheckpoint, runCheckpoint } from '../src';
import { openCheckSource } from '../src/node';
import {
  insertShopOrders,
  NEWEST_PLACED_AT,
  SEEDED_FAILURES,
  shopOrderRows,
  writeShopOrderFiles,
} from './support/shop-orders-rows';

const NOW = new Date(Date.parse(NEWEST_PLACED_AT) + 3_600_000);
const RUN_ID = '6a0c1b9e-5d2f-4c4e-9a7e-2f3b1c0d9e8f';

let database: TestDatabase;
let dir: string;
let files: Record<string, string>;
let contractText: string;

function planFrom(text: string): CheckPlan {
  const { contract, problems } = parseContract(text, { file: 'contract.odcs.yaml' });
  if (!contract) throw new Error(problems.map((problem) => problem.message).join('\n'));
  return planCheckpoint({ contract });
}

async function check(
  plan: CheckPlan,
  source: string,
  options: { table?: string; timeoutMs?: number } = {},
): Promise<CheckRunDocument> {
  const opened = await openCheckSource({
    source,
    object: plan.object,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.table === undefined ? {} : { table: options.table }),
    textColumns: ['order_id', 'customer_id', 'email', 'currency', 'status', 'coupon_code'],
  });
  try {
    return await runCheckpoint({ plan, source: opened, now: NOW, runId: RUN_ID });
  } finally {
    await opened.close();
  }
}

function failing(doc: CheckRunDocument): string[] {
  return doc.results
    .filter((result) => !result.success)
    .map((result) => result.id)
    .sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  await insertShopOrders(client, shopOrderRows());
  await client.end();
  dir = await mkdtemp(join(tmpdir(), 'charter-checks-'));
  files = await writeShopOrderFiles(dir, shopOrderRows());
  contractText = await readFile(join(__dirname, 'fixtures', 'shop-orders.odcs.yaml'), 'utf8');
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a checkpoint over seeded rows', () => {
  it.each(['postgres', 'csv', 'jsonl', 'parquet'])('%s: fails exactly the seeded checks', async (kind) => {
    const plan = planFrom(contractText);
    const doc =
      kind === 'postgres' ? await check(plan, database.url, { table: 'shop.orders' }) : await check(plan, files[kind]!);
    expect(failing(doc)).toEqual(SEEDED_FAILURES);
    expect(doc.success).toBe(false);
    expect(doc.source.type).toBe(kind);
    expect(doc.statistics.evaluated_expectations).toBe(plan.checks.length);
  });

  it('gives the same observed values from Postgres and from each file', async () => {
    const plan = planFrom(contractText);
    const observed = (doc: CheckRunDocument) =>
      doc.results.filter((r) => !r.id.startsWith('schema.')).map((r) => [r.id, r.result.observed_value]);
    const reference = observed(await check(plan, database.url, { table: 'shop.orders' }));
    for (const file of Object.values(files)) expect(observed(await check(plan, file))).toEqual(reference);
  });

  it('reports counts, percents and examples for a failed check', async () => {
    const doc = await check(planFrom(contractText), database.url, { table: 'shop.orders' });
    const byId = new Map(doc.results.map((result) => [result.id, result]));
    expect(byId.get('amount_cents.minimum')!.result).toEqual({
      observed_value: 1,
      element_count: 40,
      unexpected_count: 1,
      unexpected_percent: 2.5,
      partial_unexpected_list: [-250],
    });
    expect(byId.get('coupon_code.quality.coupon_null_ceiling')!.result.observed_value).toBe(60);
    expect(byId.get('currency.pattern')!.result.partial_unexpected_list).toEqual(['eur']);
    expect(byId.get('order_id.unique')!.result.partial_unexpected_list).toEqual([
      { order_id: '00000000-0000-4000-8000-000000000002', occurrences: 2 },
    ]);
    expect(byId.get('amount_cents.quality.amount_not_negative')!.result.observed_value).toBe(1);
    expect(byId.get('sla.latency')!.result.observed_value).toBe(3600);
  });

  it('never puts the password in the source name', async () => {
    const { url, drop } = await roleWithPassword(database.url, 'shop');
    try {
      const doc = await check(planFrom(contractText), url.toString(), { table: 'shop.orders' });
      expect(failing(doc)).toEqual(SEEDED_FAILURES);
      expect(JSON.stringify(doc)).not.toContain(url.password);
    } finally {
      await drop();
    }
  });

  it('reads a --query source the same way', async () => {
    const plan = planFrom(contractText);
    const opened = await openCheckSource({
      source: database.url,
      query: "SELECT * FROM shop.orders WHERE status <> 'LOST'",
      object: plan.object,
      timeoutMs: 10_000,
    });
    const doc = await runCheckpoint({ plan, source: opened, now: NOW, runId: RUN_ID }).finally(() => opened.close());
    expect(failing(doc)).toEqual(SEEDED_FAILURES.filter((id) => id !== 'status.quality.status_known'));
  });
});

describe('bad inputs', () => {
  async function sourceError(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CheckSourceError);
    return (error as CheckSourceError).code;
  }

  it('a missing table is table-not-found', async () => {
    const plan = planFrom(contractText);
    expect(await sourceError(check(plan, database.url, { table: 'shop.no_such_table' }))).toBe('table-not-found');
  });

  it('an unreachable server is connection-failed, without the password', async () => {
    const error = await check(planFrom(contractText), 'postgres://u:topsecret@127.0.0.1:1/db', { table: 'x' }).catch(
      (thrown: CheckSourceError) => thrown,
    );
    expect((error as CheckSourceError).code).toBe('connection-failed');
    expect((error as Error).message).not.toContain('topsecret');
  });

  it('a table the role cannot read is permission-denied', async () => {
    const role = `charter_noread_${Date.now()}`;
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    // A password too, for servers that ask for one (CI's); trust auth ignores it.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${role}'`);
    await admin.query(`GRANT USAGE ON SCHEMA shop TO ${role}`);
    try {
      const url = new URL(database.url);
      url.username = role;
      url.password = role;
      expect(await sourceError(check(planFrom(contractText), url.toString(), { table: 'shop.orders' }))).toBe(
        'permission-denied',
      );
    } finally {
      await admin.query(`REVOKE ALL ON SCHEMA shop FROM ${role}`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });

  const writingRules = [
    ['DELETE FROM {object}', 'postgres'],
    ['UPDATE shop.orders SET amount_cents = 0', 'postgres'],
    ['SELECT 1; DELETE FROM shop.orders', 'postgres'],
    // Transaction control would end the read-only transaction and let the next statement write.
    ['COMMIT; DELETE FROM shop.orders; SELECT 0', 'postgres'],
    ['COMMIT', 'postgres'],
    ['/* a comment */ END', 'postgres'],
    ['SET default_transaction_read_only = off', 'postgres'],
    ['CREATE TABLE stolen AS SELECT * FROM {object}', 'postgres'],
    ['DELETE FROM {object}', 'parquet'],
    ['CREATE TABLE stolen AS SELECT * FROM {object}', 'parquet'],
    ['SELECT 1; DROP VIEW {object}', 'csv'],
  ] as const;
  it.each(writingRules)('a rule that writes (%s on %s) is refused as sql-rule-writes', async (query, kind) => {
    const plan = planFrom(withObjectRule(contractText, query, 'mustBe: 0'));
    const doc =
      kind === 'postgres' ? await check(plan, database.url, { table: 'shop.orders' }) : await check(plan, files[kind]!);
    const rule = doc.results.find((result) => result.id === 'quality.injected')!;
    expect(rule.success).toBe(false);
    expect(rule.exception_info?.code).toBe('sql-rule-writes');
    expect(failing(doc)).toEqual([...SEEDED_FAILURES, 'quality.injected'].sort());
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const count = await admin.query('SELECT count(*)::int AS n FROM shop.orders');
    const stolen = await admin.query("SELECT to_regclass('public.stolen') AS t");
    await admin.end();
    expect(count.rows[0].n).toBe(40);
    expect(stolen.rows[0].t).toBeNull();
  });

  it.each([
    ['postgres', 'SELECT count(*) FROM {object}, pg_sleep(3)'],
    ['parquet', 'SELECT count(*) FROM range(100000000000) a'],
  ])('a rule past the timeout on %s is sql-rule-timeout and the run goes on', async (kind, query) => {
    const plan = planFrom(withObjectRule(contractText, query, 'mustBe: 0'));
    const started = Date.now();
    const doc =
      kind === 'postgres'
        ? await check(plan, database.url, { table: 'shop.orders', timeoutMs: 500 })
        : await check(plan, files[kind]!, { timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(2_900);
    const rule = doc.results.find((result) => result.id === 'quality.injected')!;
    expect(rule.exception_info?.code).toBe('sql-rule-timeout');
    expect(failing(doc)).toEqual([...SEEDED_FAILURES, 'quality.injected'].sort());
  });

  it.each(['parquet', 'csv'] as const)(
    'a rule on %s cannot read another file or unlock DuckDB: the run goes on without it',
    async (kind) => {
      for (const query of ["SELECT count(*) FROM read_csv('/etc/passwd')", 'SET enable_external_access = true']) {
        const doc = await check(planFrom(withObjectRule(contractText, query, 'mustBe: 0')), files[kind]!);
        const rule = doc.results.find((result) => result.id === 'quality.injected')!;
        expect(rule.success).toBe(false);
        expect(['sql-rule-failed', 'sql-rule-writes']).toContain(rule.exception_info?.code);
        expect(JSON.stringify(rule)).not.toContain('root:');
        expect(failing(doc)).toEqual([...SEEDED_FAILURES, 'quality.injected'].sort());
      }
    },
  );

  it('a CSV with a ragged row is malformed-file', async () => {
    const file = join(dir, 'ragged.csv');
    await writeFile(file, 'order_id,amount_cents\na,1\nb,2,3\nc,4\n');
    expect(await sourceError(check(planFrom(contractText), file))).toBe('malformed-file');
  });

  it('a ragged row far past the sniffer sample is malformed-file too', async () => {
    const file = join(dir, 'ragged-late.csv');
    const rows = Array.from({ length: 50_000 }, (_, i) => `o${i},${i}`);
    rows.splice(40_000, 0, 'x,1,extra');
    await writeFile(file, `order_id,amount_cents\n${rows.join('\n')}\n`);
    expect(await sourceError(check(planFrom(contractText), file))).toBe('malformed-file');
  });

  it.each([
    ['a JSON Lines file with a broken line', 'broken.jsonl', '{"order_id": "a"}\n{"order_id": \n'],
    ['a file named .parquet that is not Parquet', 'fake.parquet', 'order_id,amount_cents\na,1\n'],
  ])('%s is malformed-file', async (_name, name, text) => {
    const file = join(dir, name);
    await writeFile(file, text);
    expect(await sourceError(check(planFrom(contractText), file))).toBe('malformed-file');
  });

  it('a scan past the timeout is query-timeout (not a check result)', async () => {
    const plan = planFrom(contractText);
    const opened = await openCheckSource({
      source: database.url,
      query: 'SELECT o.* FROM shop.orders o WHERE length(pg_sleep(0.1)::text) >= 0',
      object: plan.object,
      timeoutMs: 500,
    });
    const run = runCheckpoint({ plan, source: opened, now: NOW, runId: RUN_ID }).finally(() => opened.close());
    expect(await sourceError(run)).toBe('query-timeout');
  });

  it('an empty file is empty-file', async () => {
    const file = join(dir, 'empty.parquet');
    await writeFile(file, '');
    expect(await sourceError(check(planFrom(contractText), file))).toBe('empty-file');
  });

  it('an unknown extension is unsupported-format', async () => {
    const file = join(dir, 'orders.xlsx');
    await writeFile(file, 'x');
    expect(await sourceError(check(planFrom(contractText), file))).toBe('unsupported-format');
  });

  it('a Parquet column of another type fails its schema check; its other checks are not evaluated', async () => {
    const file = join(dir, 'text-amounts.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * REPLACE (CAST(amount_cents AS VARCHAR) || ' cents' AS amount_cents)
               FROM read_parquet('${files.parquet}')) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const doc = await check(planFrom(contractText), file);
    const byId = new Map(doc.results.map((result) => [result.id, result]));
    expect(byId.get('schema.amount_cents')!.message).toBe('orders.amount_cents: expected integer, found VARCHAR');
    for (const id of ['amount_cents.minimum', 'amount_cents.maximum', 'amount_cents.quality.amount_not_negative']) {
      expect(byId.get(id)!.exception_info?.code).toBe('column-unusable');
    }
    expect(doc.success).toBe(false);
  });
});

/** A new role with a distinctive password and SELECT on the schema's tables: its URL, to see the password never leaks. */
async function roleWithPassword(adminUrl: string, schema: string): Promise<{ url: URL; drop: () => Promise<void> }> {
  const suffix = Math.random().toString(16).slice(2, 10);
  const role = `charter_reader_${suffix}`;
  const password = `pw-${suffix}-never-shown`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  const drop = async () => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP OWNED BY ${role}`);
    await client.query(`DROP ROLE ${role}`);
    await client.end();
  };
  return { url, drop };
}

/** The contract with one more object-level sql rule, `injected`. */
function withObjectRule(text: string, query: string, operator: string): string {
  return text.replace(
    '    quality:\n      - name: has_rows',
    `    quality:\n      - name: injected\n        type: sql\n        query: ${JSON.stringify(query)}\n        ${operator}\n      - name: has_rows`,
  );
}
