/** The warehouses `charter dbt generate` writes data types for (dbt's adapter names). */
export const DBT_ADAPTERS = ['postgres', 'snowflake', 'bigquery'] as const;
export type DbtAdapter = (typeof DBT_ADAPTERS)[number];

export function isDbtAdapter(value: string): value is DbtAdapter {
  return (DBT_ADAPTERS as readonly string[]).includes(value);
}

/** dbt's constraint types that Charter emits or reads. */
export type DbtConstraintType = 'not_null' | 'unique' | 'primary_key' | 'check';

/**
 * Which constraints each warehouse enforces when a table is built (dbt's "definable and enforced"). Postgres enforces
 * all four; Snowflake enforces only not_null (unique and primary_key are metadata, check is not definable); BigQuery
 * enforces not_null, keeps primary_key as metadata and defines neither unique nor check.
 */
export const ENFORCED_CONSTRAINTS: Readonly<Record<DbtAdapter, ReadonlySet<DbtConstraintType>>> = {
  postgres: new Set(['not_null', 'unique', 'primary_key', 'check']),
  snowflake: new Set(['not_null']),
  bigquery: new Set(['not_null']),
};
