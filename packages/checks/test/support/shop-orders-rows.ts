import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Client } from 'pg';

export interface ShopOrder {
  order_id: string;
  customer_id: string;
  email: string | null;
  amount_cents: number;
  currency: string;
  status: string;
  placed_at: string;
  coupon_code: string | null;
}

/** The newest placed_at of the rows below: runs use it (plus an hour) as their clock. */
export const NEWEST_PLACED_AT = '2026-11-30T23:00:00.000Z';

/**
 * 40 orders, each violation seeded once, so each of these checks fails and no other: a duplicated order_id
 * (order_id.unique, order_id.quality.order_id_unique, and the compound key), an empty customer_id, a malformed
 * email, a negative amount (amount_cents.minimum and the sql rule), a lower-case currency (currency.pattern), an
 * unknown status, and 24 of 40 coupons null (60% > 50%).
 */
export const SEEDED_FAILURES = [
  'order_id.unique',
  'order_id.quality.order_id_unique',
  'customer_id.not_empty',
  'email.format',
  'amount_cents.minimum',
  'amount_cents.quality.amount_not_negative',
  'currency.pattern',
  'status.quality.status_known',
  'coupon_code.quality.coupon_null_ceiling',
  'quality.customer_order_unique',
].sort();

export function shopOrderRows(): ShopOrder[] {
  const statuses = ['PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'];
  const rows: ShopOrder[] = [];
  for (let i = 0; i < 40; i++) {
    rows.push({
      order_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      customer_id: `c-${String(i % 7).padStart(4, '0')}`,
      email: i % 5 === 0 ? null : `buyer${i}@example.com`,
      amount_cents: 100 + i * 37,
      currency: i % 2 === 0 ? 'EUR' : 'USD',
      status: statuses[i % statuses.length]!,
      placed_at: new Date(Date.parse(NEWEST_PLACED_AT) - i * 60_000).toISOString(),
      coupon_code: i < 24 ? null : i === 30 ? 'N/A' : `SPRING${i}`,
    });
  }
  rows[3]!.order_id = rows[2]!.order_id;
  rows[3]!.customer_id = rows[2]!.customer_id;
  rows[4]!.customer_id = '';
  rows[6]!.email = 'not-an-email';
  rows[7]!.amount_cents = -250;
  rows[8]!.currency = 'eur';
  rows[9]!.status = 'LOST';
  return rows;
}

export const SHOP_ORDERS_DDL = `
  CREATE TABLE shop.orders (
    order_id text NOT NULL,
    customer_id text NOT NULL,
    email text,
    amount_cents bigint NOT NULL,
    currency varchar(3) NOT NULL,
    status text NOT NULL,
    placed_at timestamptz NOT NULL,
    coupon_code text
  )`;

export async function insertShopOrders(client: Client, rows: ShopOrder[]): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS shop');
  await client.query(SHOP_ORDERS_DDL);
  for (const row of rows) {
    await client.query(
      'INSERT INTO shop.orders VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      Object.values(row) as unknown[],
    );
  }
}

/** The same rows as CSV, JSON Lines and Parquet (written by DuckDB from the JSON Lines). */
export async function writeShopOrderFiles(dir: string, rows: ShopOrder[]): Promise<Record<string, string>> {
  const files = {
    csv: join(dir, 'orders.csv'),
    jsonl: join(dir, 'orders.jsonl'),
    parquet: join(dir, 'orders.parquet'),
  };
  const header = Object.keys(rows[0]!);
  const csvCell = (value: unknown) =>
    value === null
      ? ''
      : /[",\n]/.test(String(value)) || value === ''
        ? `"${String(value).replace(/"/g, '""')}"`
        : String(value);
  await writeFile(
    files.csv,
    `${[header.join(','), ...rows.map((row) => Object.values(row).map(csvCell).join(','))].join('\n')}\n`,
  );
  await writeFile(files.jsonl, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT order_id, customer_id, email, CAST(amount_cents AS BIGINT) AS amount_cents, currency, status,
                  CAST(placed_at AS TIMESTAMPTZ) AS placed_at, coupon_code
             FROM read_json('${files.jsonl}', format = 'newline_delimited'))
       TO '${files.parquet}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  return files;
}
