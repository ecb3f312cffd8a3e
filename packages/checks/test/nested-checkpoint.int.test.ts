// Nested properties checked in the one scan, against real PostgreSQL (jsonb and json columns) and real DuckDB
// (Parquet and JSON Lines as STRUCTs, CSV as JSON text): the same seeded violations give the same verdicts and
// observed values everywhere, and a required child of a null parent is never missing. Bad inputs tried: a child of
// another JSON type (a numeric city, a fractional attempt count), a Parquet struct field of another type, a struct
// without a contracted field, objects stored in a text column, a JSON null parent, keys needing escapes in a path.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '@charter/contracts';
import { createTestDatabase, type TestDatabase } from '@charter/testkit';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from 'pg';
import { type CheckPlan, type CheckRunDocument, planCheckpoint, runCheckpoint } from '../src';
import { openCheckSource } from '../src/node';
import {
  insertParcels,
  type Parcel,
  parcelRows,
  SEEDED_NESTED_FAILURES,
  writeParcelFiles,
} from './support/parcel-rows';

const NOW = new Date('2026-12-01T00:00:00Z');
const RUN_ID = '0b7e3f51-6c2a-4f0e-8d1b-3a9c5e7f1d20';

let database: TestDatabase;
let dir: string;
let files: Record<string, string>;
let plan: CheckPlan;

function planFrom(text: string): CheckPlan {
  const { contract, problems } = parseContract(text, { file: 'contract.odcs.yaml' });
  if (!contract) throw new Error(problems.map((problem) => problem.message).join('\n'));
  return planCheckpoint({ contract });
}

async function check(source: string, table?: string): Promise<CheckRunDocument> {
  const opened = await openCheckSource({
    source,
    object: plan.object,
    timeoutMs: 10_000,
    ...(table === undefined ? {} : { table }),
    textColumns: ['parcel_id'],
    jsonColumns: ['address', 'tracking'],
  });
  try {
    return await runCheckpoint({ plan, source: opened, now: NOW, runId: RUN_ID });
  } finally {
    await opened.close();
  }
}

const failing = (doc: CheckRunDocument) =>
  doc.results
    .filter((result) => !result.success)
    .map((result) => result.id)
    .sort();

async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await withClient(async (client) => {
    await insertParcels(client, parcelRows(), 'parcels', 'jsonb');
    await insertParcels(client, parcelRows(), 'parcels_json', 'json');
    await insertParcels(client, parcelRows(), 'parcels_text', 'text');
  });
  dir = await mkdtemp(join(tmpdir(), 'charter-nested-'));
  files = await writeParcelFiles(dir, parcelRows());
  plan = planFrom(await readFile(join(__dirname, 'fixtures', 'parcels-nested.odcs.yaml'), 'utf8'));
});

afterAll(async () => {
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SOURCES = ['jsonb', 'json', 'csv', 'jsonl', 'parquet'] as const;
const run = (kind: (typeof SOURCES)[number]) =>
  kind === 'jsonb'
    ? check(database.url, 'shop.parcels')
    : kind === 'json'
      ? check(database.url, 'shop.parcels_json')
      : check(files[kind]!);

describe('a checkpoint of nested properties', () => {
  it('plans every child: schema, type, constraints, quality, down to address.geo.lat', () => {
    const ids = plan.checks.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'schema.address.city',
        'address.city.type',
        'address.city.not_null',
        'address.city.not_empty',
        'address.country.quality.country_known',
        'schema.address.geo.lat',
        'address.geo.lat.maximum',
        'tracking.code.unique',
      ]),
    );
  });

  it.each(SOURCES)('%s: fails exactly the seeded nested checks', async (kind) => {
    const doc = await run(kind);
    expect(failing(doc)).toEqual(SEEDED_NESTED_FAILURES);
    expect(doc.statistics.evaluated_expectations).toBe(plan.checks.length);
  });

  it('gives the same observed values on every source', async () => {
    const observed = (doc: CheckRunDocument) =>
      doc.results.filter((r) => !r.id.startsWith('schema.')).map((r) => [r.id, r.result.observed_value]);
    const reference = observed(await run('jsonb'));
    for (const kind of SOURCES.slice(1))
      expect({ kind, observed: observed(await run(kind)) }).toEqual({ kind, observed: reference });
  });

  it.each(SOURCES)('%s: counts a missing child only where its parent is present, with examples', async (kind) => {
    const byId = new Map((await run(kind)).results.map((result) => [result.id, result]));
    // Six addresses are null and most have no geo: only the seeded child is missing.
    expect(byId.get('address.city.not_null')!.result).toMatchObject({ unexpected_count: 1, element_count: 30 });
    expect(byId.get('address.line1.not_null')!.result.unexpected_count).toBe(0);
    expect(byId.get('address.geo.lon.not_null')!.result.unexpected_count).toBe(1);
    expect(byId.get('address.geo.lat.not_null')!.result.unexpected_count).toBe(0);
    expect(byId.get('address.city.not_null')!.message).toBe(
      'parcels.address.city: 1 of 30 rows (3.33%) unexpected for address.city.not_null; must be 0 rows',
    );
    expect(byId.get('address.postal_code.pattern')!.result.partial_unexpected_list).toEqual(['ABC']);
    expect(byId.get('address.country.quality.country_known')!.result.partial_unexpected_list).toEqual(['XX']);
    expect(byId.get('address.geo.lat.maximum')!.result.partial_unexpected_list).toEqual([123]);
    expect(byId.get('tracking.attempts.minimum')!.result.partial_unexpected_list).toEqual([-1]);
    expect(byId.get('tracking.code.unique')!.result.partial_unexpected_list).toEqual([
      { 'tracking.code': 'T-8', occurrences: 2 },
    ]);
  });
});

describe('nested bad inputs', () => {
  /** The seeded rows plus one whose city is a number and whose attempt count is fractional. */
  function withWrongTypes(): Parcel[] {
    const rows = parcelRows();
    rows.push({
      parcel_id: 'p-wrong',
      address: { line1: '1 Main St', city: 42, postal_code: '12345', country: 'US' },
      tracking: { code: 'T-wrong', attempts: 1.5 },
    });
    return rows;
  }

  it.each(['jsonb', 'csv'] as const)('%s: a child of another JSON type fails its .type check', async (kind) => {
    let doc: CheckRunDocument;
    if (kind === 'jsonb') {
      await withClient((client) => insertParcels(client, withWrongTypes(), 'parcels_wrong', 'jsonb'));
      doc = await check(database.url, 'shop.parcels_wrong');
    } else {
      const written = await writeParcelFiles(dir, withWrongTypes(), 'parcels-wrong');
      doc = await check(written.csv!);
    }
    expect(failing(doc)).toEqual([...SEEDED_NESTED_FAILURES, 'address.city.type', 'tracking.attempts.type'].sort());
    const byId = new Map(doc.results.map((result) => [result.id, result]));
    expect(byId.get('address.city.type')!.result.unexpected_count).toBe(1);
    expect(byId.get('address.city.type')!.result.partial_unexpected_list).toEqual(['42']);
  });

  it('a JSON null parent is an absent parent', async () => {
    await withClient(async (client) => {
      await insertParcels(client, parcelRows(), 'parcels_null', 'jsonb');
      await client.query(`UPDATE shop.parcels_null SET address = 'null'::jsonb WHERE address IS NULL`);
    });
    const doc = await check(database.url, 'shop.parcels_null');
    expect(failing(doc)).toEqual(SEEDED_NESTED_FAILURES);
  });

  it('a Parquet struct field of another type fails its schema check; its other checks are not evaluated', async () => {
    const file = join(dir, 'int-city.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT parcel_id, struct_pack(line1 := address.line1, city := 7, postal_code := address.postal_code,
                    country := address.country, geo := address.geo) AS address, tracking
               FROM read_parquet('${files.parquet}')) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const byId = new Map((await check(file)).results.map((result) => [result.id, result]));
    expect(byId.get('schema.address.city')!.message).toBe('parcels.address.city: expected string, found INTEGER');
    for (const id of ['address.city.type', 'address.city.not_null', 'address.city.not_empty']) {
      expect(byId.get(id)!.exception_info?.code).toBe('column-unusable');
    }
    expect(byId.get('address.postal_code.pattern')!.success).toBe(false);
  });

  it('a struct without a contracted field fails that field, and its children are not evaluated', async () => {
    const file = join(dir, 'no-geo.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT parcel_id, struct_pack(line1 := address.line1, city := address.city,
                    postal_code := address.postal_code, country := address.country) AS address, tracking
               FROM read_parquet('${files.parquet}')) TO '${file}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const doc = await check(file);
    const byId = new Map(doc.results.map((result) => [result.id, result]));
    expect(byId.get('schema.address.geo')!.message).toBe('parcels.address.geo: field missing');
    expect(byId.get('schema.address.geo.lat')!.exception_info?.code).toBe('column-unusable');
    expect(byId.get('address.geo.lat.maximum')!.exception_info?.code).toBe('column-unusable');
  });

  it('objects in a text column fail the parent schema check; the children are not evaluated', async () => {
    const doc = await check(database.url, 'shop.parcels_text');
    const byId = new Map(doc.results.map((result) => [result.id, result]));
    expect(byId.get('schema.address')!.message).toBe('parcels.address: expected object, found text');
    expect(byId.get('schema.address.city')!.exception_info?.code).toBe('column-unusable');
    expect(byId.get('address.city.not_null')!.exception_info?.code).toBe('column-unusable');
  });

  it('reads keys that need escaping (a quote, a slash, a tilde, a comma)', async () => {
    const odd = ["it's", 'a/b', 'x~y', 'p,q'];
    const contract = {
      id: 'odd',
      version: '1.0.0',
      document: {
        schema: [
          {
            name: 'odd',
            properties: [
              {
                name: 'doc',
                logicalType: 'object',
                properties: odd.map((name) => ({ name, logicalType: 'string', required: true })),
              },
            ],
          },
        ],
      },
    };
    const oddPlan = planCheckpoint({ contract });
    await withClient(async (client) => {
      await client.query('CREATE TABLE shop.odd (doc jsonb)');
      await client.query(`INSERT INTO shop.odd VALUES ($1), ($2), (NULL)`, [
        JSON.stringify(Object.fromEntries(odd.map((key) => [key, 'v']))),
        JSON.stringify({ "it's": 'v', 'a/b': null }),
      ]);
    });
    const csv = join(dir, 'odd.csv');
    const rows = await withClient((client) => client.query('SELECT doc::text AS doc FROM shop.odd'));
    await import('node:fs/promises').then(({ writeFile }) =>
      writeFile(
        csv,
        `doc\n${rows.rows.map((row) => (row.doc === null ? '' : `"${String(row.doc).replace(/"/g, '""')}"`)).join('\n')}\n`,
      ),
    );
    for (const [source, table] of [
      [database.url, 'shop.odd'],
      [csv, undefined],
    ] as const) {
      const opened = await openCheckSource({
        source,
        object: 'odd',
        timeoutMs: 10_000,
        ...(table === undefined ? {} : { table }),
        jsonColumns: ['doc'],
      });
      const doc = await runCheckpoint({ plan: oddPlan, source: opened, now: NOW, runId: RUN_ID }).finally(() =>
        opened.close(),
      );
      expect({ source: opened.type, failing: failing(doc) }).toEqual({
        source: opened.type,
        failing: ['doc.a/b.not_null', 'doc.p,q.not_null', 'doc.x~y.not_null'],
      });
    }
  });
});
