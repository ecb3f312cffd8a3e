// `charter profile` over every checkpoint source: the same 3 000 orders as JSON Lines, CSV, Parquet and a real
// PostgreSQL table give the same profile. Bad inputs tried: a password in the URL (never in the profile or the
// output), a missing table, a ragged CSV, a postgres URL without --table, --table with a file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldProfile, type StoredProfile } from '@charter/drift';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { createProgram } from '../create-program';

const CONTRACTS = join(__dirname, '..', '..', '..', '..', 'contracts');
const COUNT = 3_000;

let database: TestDatabase;
let dir: string;
const files: Record<string, string> = {};

function orderRows() {
  const statuses = ['PLACED', 'PAID', 'SHIPPED', 'CANCELLED'];
  return Array.from({ length: COUNT }, (_, n) => ({
    order_id: `order-${String(n).padStart(5, '0')}`,
    customer_id: `c-${n % 97}`,
    amount_cents: 100 + ((n * 7_919) % 50_000),
    currency: ['EUR', 'USD', 'GBP'][n % 3]!,
    status: statuses[n % 4]!,
    placed_at: new Date(Date.UTC(2026, 10, 1) + n * 61_000).toISOString(),
    coupon_code: n % 5 === 0 ? `SPRING${n % 11}` : null,
    shipping_address:
      n % 4 === 0
        ? null
        : { line1: `${n} rue X`, city: ['Lyon', 'Oslo'][n % 2]!, postal_code: `0${n % 90}`, country: 'FR' },
  }));
}

async function sql(text: string, values: unknown[] = []) {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function profile(...args: string[]): Promise<{ profile: StoredProfile; stderr: string }> {
  const out = join(dir, `profile-${Math.random().toString(36).slice(2)}.json`);
  let stderr = '';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await createProgram()
      .exitOverride()
      .parseAsync([
        'node',
        'charter',
        'profile',
        '--contracts',
        CONTRACTS,
        '--contract',
        'orders',
        '--out',
        out,
        ...args,
      ]);
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
  return { profile: JSON.parse(await readFile(out, 'utf8')) as StoredProfile, stderr };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'charter-profile-sources-'));
  const rows = orderRows();
  await sql('CREATE SCHEMA shop');
  await sql(`CREATE TABLE shop.orders (
    order_id text PRIMARY KEY, customer_id text NOT NULL, amount_cents bigint NOT NULL, currency text NOT NULL,
    status text NOT NULL, placed_at timestamptz(3) NOT NULL, coupon_code text, shipping_address jsonb)`);
  await sql(`INSERT INTO shop.orders SELECT * FROM jsonb_populate_recordset(NULL::shop.orders, $1::jsonb)`, [
    JSON.stringify(rows),
  ]);
  files.jsonl = join(dir, 'orders.jsonl');
  await writeFile(files.jsonl, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  files.csv = join(dir, 'orders.csv');
  const cell = (value: unknown) =>
    value === null
      ? ''
      : `"${(typeof value === 'object' ? JSON.stringify(value) : String(value)).replace(/"/g, '""')}"`;
  await writeFile(
    files.csv,
    `${Object.keys(rows[0]!).join(',')}\n${rows.map((row) => Object.values(row).map(cell).join(',')).join('\n')}\n`,
  );
  files.parquet = join(dir, 'orders.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * REPLACE (CAST(placed_at AS TIMESTAMPTZ) AS placed_at)
             FROM read_json('${files.jsonl}', format = 'newline_delimited'))
       TO '${files.parquet}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('charter profile over every checkpoint source', () => {
  it('gives the same profile from JSON Lines, CSV, Parquet and a Postgres table', async () => {
    const reference = (await profile('--source', files.jsonl!)).profile;
    expect(reference.count).toBe(COUNT);
    expect(Object.keys(reference.fields)).toEqual(
      expect.arrayContaining(['amount_cents', 'currency', 'placed_at', 'shipping_address.city']),
    );
    const others = [
      ['csv', ['--source', files.csv!]],
      ['parquet', ['--source', files.parquet!]],
      ['postgres', ['--source', database.url, '--table', 'shop.orders']],
    ] as const;
    for (const [name, args] of others) {
      const { profile: other } = await profile(...args);
      expect({ name, count: other.count, windows: other.windows }).toEqual({
        name,
        count: reference.count,
        windows: reference.windows,
      });
      for (const [path, stored] of Object.entries(reference.fields)) {
        const field = other.fields[path]!;
        const where = `${name} ${path}`;
        expect({
          where,
          kind: field.kind,
          count: field.count,
          nulls: field.nulls,
          mismatched: field.mismatched,
        }).toEqual({ where, kind: stored.kind, count: stored.count, nulls: stored.nulls, mismatched: 0 });
        // HyperLogLog registers and category counts do not depend on the order rows arrive in: equal.
        expect({ where, distinct: field.distinct }).toEqual({ where, distinct: stored.distinct });
        expect({ where, categories: field.categories }).toEqual({ where, categories: stored.categories });
        if (stored.numeric) {
          const [a, b] = [FieldProfile.fromJSON(stored).numeric!, FieldProfile.fromJSON(field).numeric!];
          for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) {
            // Both sketches guarantee 1 % relative accuracy: they agree within 2 %.
            expect(Math.abs(a.quantile(q) - b.quantile(q))).toBeLessThanOrEqual(0.02 * Math.abs(a.quantile(q)));
          }
        }
      }
    }
  });

  it('names a postgres source without its password', async () => {
    const url = new URL(database.url);
    url.username = `charter_profiler_${Date.now()}`;
    url.password = `pw-${Date.now()}-never-shown`;
    await sql(`CREATE ROLE ${url.username} LOGIN PASSWORD '${url.password}'`);
    await sql(`GRANT USAGE ON SCHEMA shop TO ${url.username}`);
    await sql(`GRANT SELECT ON shop.orders TO ${url.username}`);
    try {
      const { profile: stored, stderr } = await profile('--source', url.toString(), '--table', 'shop.orders');
      expect(stored.count).toBe(COUNT);
      expect(stored.source).toMatch(/^postgres(ql)?:\/\/charter_profiler_\d+@.* shop\.orders$/);
      expect(JSON.stringify(stored)).not.toContain(url.password);
      expect(stderr).not.toContain(url.password);
    } finally {
      await sql(`DROP OWNED BY ${url.username}`);
      await sql(`DROP ROLE ${url.username}`);
    }
  });

  it.each<[string, () => Promise<string[]>, string]>([
    ['a missing table', async () => ['--source', database.url, '--table', 'shop.nope'], 'table-not-found'],
    ['a postgres URL without --table', async () => ['--source', database.url], 'invalid-option'],
    ['--table with a file', async () => ['--source', files.csv!, '--table', 'shop.orders'], 'invalid-option'],
    [
      'a ragged CSV',
      async () => {
        const file = join(dir, 'ragged.csv');
        await writeFile(file, 'order_id,amount_cents\na,1\nb,2,3\n');
        return ['--source', file];
      },
      'malformed-file',
    ],
  ])('refuses %s with a coded error', async (_name, args, code) => {
    await expect(profile(...(await args()))).rejects.toMatchObject({ code });
  });
});
