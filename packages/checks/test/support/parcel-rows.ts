import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Client } from 'pg';

export interface Parcel {
  parcel_id: string;
  address: Record<string, unknown> | null;
  tracking: Record<string, unknown> | null;
}

/**
 * 30 parcels with nested violations, each seeded once: a city missing (key absent), an empty city, a malformed
 * postal code, an unknown country, a latitude of 123, a geo without lon, a duplicated tracking code, a negative
 * attempt count. Six addresses and five tracking objects are null, and most addresses have no geo: none of their
 * required children counts as missing.
 */
export const SEEDED_NESTED_FAILURES = [
  'address.city.not_null',
  'address.city.not_empty',
  'address.postal_code.pattern',
  'address.country.quality.country_known',
  'address.geo.lat.maximum',
  'address.geo.lon.not_null',
  'tracking.code.unique',
  'tracking.attempts.minimum',
].sort();

export function parcelRows(): Parcel[] {
  const cities = ['Austin', 'Berlin', 'Paris'];
  const countries = ['US', 'DE', 'FR'];
  const rows: Parcel[] = [];
  for (let i = 0; i < 30; i++) {
    const address: Record<string, unknown> = {
      line1: `${i + 1} Market Street`,
      city: cities[i % 3],
      postal_code: String(10_000 + i * 7),
      country: countries[i % 3],
    };
    if (i % 3 === 0) address.geo = { lat: 40 + i / 10, lon: -3.5 - i / 10 };
    rows.push({
      parcel_id: `p-${String(i).padStart(3, '0')}`,
      address: i % 5 === 0 ? null : address,
      tracking: i % 7 === 0 ? null : { code: `T-${i}`, attempts: i % 4 },
    });
  }
  const at = (i: number) => rows[i]!.address!;
  delete at(1).city;
  at(2).city = '';
  at(3).postal_code = 'ABC';
  at(4).country = 'XX';
  (at(6).geo as Record<string, unknown>).lat = 123;
  delete (at(9).geo as Record<string, unknown>).lon;
  rows[9]!.tracking!.code = rows[8]!.tracking!.code;
  rows[11]!.tracking!.attempts = -1;
  return rows;
}

/** The rows in `shop.parcels` with the objects in columns of `type` (jsonb, json, or text to see it refused). */
export async function insertParcels(client: Client, rows: Parcel[], table: string, type: string): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS shop');
  await client.query(`CREATE TABLE shop.${table} (parcel_id text NOT NULL, address ${type}, tracking ${type})`);
  for (const row of rows) {
    await client.query(`INSERT INTO shop.${table} VALUES ($1, $2, $3)`, [
      row.parcel_id,
      row.address === null ? null : JSON.stringify(row.address),
      row.tracking === null ? null : JSON.stringify(row.tracking),
    ]);
  }
}

/**
 * The same rows as JSON Lines (DuckDB infers STRUCTs), Parquet written from them (STRUCTs), and CSV with the objects
 * as JSON text (read as DuckDB JSON).
 */
export async function writeParcelFiles(dir: string, rows: Parcel[], name = 'parcels'): Promise<Record<string, string>> {
  const files = {
    csv: join(dir, `${name}.csv`),
    jsonl: join(dir, `${name}.jsonl`),
    parquet: join(dir, `${name}.parquet`),
  };
  const cell = (value: unknown) => {
    if (value === null) return '';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  await writeFile(
    files.csv,
    `parcel_id,address,tracking\n${rows.map((row) => [row.parcel_id, row.address, row.tracking].map(cell).join(',')).join('\n')}\n`,
  );
  await writeFile(files.jsonl, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    // read_json infers HUGEINT for attempts, which Parquet would store as DOUBLE: say BIGINT, as a writer would.
    `COPY (SELECT * REPLACE (CAST(tracking AS STRUCT(code VARCHAR, attempts BIGINT)) AS tracking)
             FROM read_json('${files.jsonl}', format = 'newline_delimited')) TO '${files.parquet}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  return files;
}
