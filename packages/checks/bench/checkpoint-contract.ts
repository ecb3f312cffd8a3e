// The benchmark's contract: 10 contracted columns and 8 quality rules, over rows both engines generate alike.
export const BENCH_CONTRACT = {
  id: 'bench-orders',
  version: '1.0.0',
  document: {
    schema: [
      {
        name: 'orders',
        properties: [
          {
            name: 'order_id',
            logicalType: 'string',
            required: true,
            unique: true,
            quality: [{ name: 'order_id_unique', metric: 'duplicateValues', mustBe: 0 }],
          },
          {
            name: 'customer_id',
            logicalType: 'string',
            required: true,
            quality: [
              {
                name: 'customer_missing',
                metric: 'missingValues',
                arguments: { missingValues: [null, '', 'N/A'] },
                unit: 'percent',
                mustBeLessThan: 1,
              },
            ],
          },
          { name: 'amount_cents', logicalType: 'integer', required: true, logicalTypeOptions: { minimum: 0 } },
          { name: 'currency', logicalType: 'string', required: true, logicalTypeOptions: { pattern: '^[A-Z]{3}$' } },
          {
            name: 'status',
            logicalType: 'string',
            required: true,
            quality: [
              {
                name: 'status_known',
                metric: 'invalidValues',
                arguments: { validValues: ['PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'] },
                mustBe: 0,
              },
            ],
          },
          { name: 'placed_at', logicalType: 'timestamp', required: true },
          {
            name: 'coupon_code',
            logicalType: 'string',
            quality: [{ name: 'coupon_nulls', metric: 'nullValues', unit: 'percent', mustBeLessOrEqualTo: 90 }],
          },
          {
            name: 'country',
            logicalType: 'string',
            logicalTypeOptions: { maxLength: 2 },
            quality: [
              { name: 'country_code', metric: 'invalidValues', arguments: { pattern: '^[A-Z]{2}$' }, mustBe: 0 },
            ],
          },
          {
            name: 'quantity',
            logicalType: 'integer',
            logicalTypeOptions: { minimum: 1, maximum: 100 },
            quality: [{ name: 'quantity_present', metric: 'nullValues', mustBe: 0 }],
          },
          { name: 'email', logicalType: 'string', logicalTypeOptions: { format: 'email' } },
        ],
        quality: [
          { name: 'has_rows', metric: 'rowCount', mustBeGreaterThan: 0 },
          {
            name: 'one_order_per_customer_instant',
            metric: 'duplicateValues',
            arguments: { properties: ['customer_id', 'placed_at'] },
            mustBe: 0,
          },
        ],
      },
    ],
  },
};

/** The rows, as a SELECT over `i` for each engine: the same values from PostgreSQL's generate_series and DuckDB's range. */
export function rowsSql(dialect: 'postgres' | 'duckdb', rows: number): string {
  const series = dialect === 'postgres' ? `generate_series(0, ${rows - 1}) AS t(i)` : `range(0, ${rows}) AS t(i)`;
  const at =
    dialect === 'postgres'
      ? `TIMESTAMPTZ '2026-11-01 00:00:00+00' + i * INTERVAL '1 second'`
      : `TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(i)`;
  const pick = (values: string[]) =>
    `CASE i % ${values.length} ${values.map((value, index) => `WHEN ${index} THEN '${value}'`).join(' ')} END`;
  return `SELECT
    'o-' || i AS order_id,
    'c-' || (i % 100000) AS customer_id,
    CAST((i * 37) % 100000 AS BIGINT) AS amount_cents,
    ${pick(['EUR', 'USD', 'GBP'])} AS currency,
    ${pick(['PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'])} AS status,
    ${at} AS placed_at,
    CASE WHEN i % 5 = 0 THEN 'C' || i END AS coupon_code,
    ${pick(['FR', 'DE', 'GB', 'US'])} AS country,
    CAST(1 + i % 100 AS INTEGER) AS quantity,
    'u' || i || '@example.com' AS email
  FROM ${series}`;
}

/**
 * What a careful engineer would write by hand for the same metrics, in one query: row count, nulls and empties of
 * the required columns, duplicates, bound, pattern, length, set and format violations, the compound key.
 */
export function handWrittenSql(dialect: 'postgres' | 'duckdb', table: string): string {
  const matches = (column: string, pattern: string) =>
    dialect === 'postgres' ? `${column} ~ '${pattern}'` : `regexp_matches(${column}, '${pattern}')`;
  return `SELECT
    count(*) AS row_count,
    count(*) - count(order_id) AS order_id_nulls,
    count(*) FILTER (WHERE order_id = '') AS order_id_empty,
    count(order_id) - count(DISTINCT order_id) AS order_id_duplicates,
    count(*) - count(customer_id) AS customer_id_nulls,
    count(*) FILTER (WHERE customer_id = '') AS customer_id_empty,
    count(*) FILTER (WHERE customer_id IS NULL OR customer_id IN ('', 'N/A')) AS customer_id_missing,
    count(*) - count(amount_cents) AS amount_nulls,
    count(*) FILTER (WHERE amount_cents < 0) AS amount_negative,
    count(*) - count(currency) AS currency_nulls,
    count(*) FILTER (WHERE currency = '') AS currency_empty,
    count(*) FILTER (WHERE NOT ${matches('currency', '^[A-Z]{3}$')}) AS currency_bad,
    count(*) - count(status) AS status_nulls,
    count(*) FILTER (WHERE status = '') AS status_empty,
    count(*) FILTER (WHERE status NOT IN ('PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED')) AS status_unknown,
    count(*) - count(placed_at) AS placed_at_nulls,
    count(*) - count(coupon_code) AS coupon_nulls,
    count(*) FILTER (WHERE length(country) > 2) AS country_long,
    count(*) FILTER (WHERE NOT ${matches('country', '^[A-Z]{2}$')}) AS country_bad,
    count(*) FILTER (WHERE quantity < 1) AS quantity_low,
    count(*) FILTER (WHERE quantity > 100) AS quantity_high,
    count(*) - count(quantity) AS quantity_nulls,
    count(*) FILTER (WHERE NOT ${matches('email', '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$')}) AS email_bad,
    count(*) FILTER (WHERE customer_id IS NOT NULL AND placed_at IS NOT NULL)
      - count(DISTINCT (customer_id, placed_at)) AS pair_duplicates
  FROM ${table}`;
}
