import type { BreachNotice } from '../src/breach-notice';
import type { CheckFailedNotice, DriftNotice } from '../src/check-notice';
import type { ImpactNotice } from '../src/impact-notice';

/** A refused change to orders-value that reaches the executive revenue dashboard (analytics). */
export const BLOCKED_NOTICE: ImpactNotice = {
  key: 'orders-value:abc123',
  state: 'triggered',
  subject: 'orders-value',
  severity: 'CRITICAL',
  verdict: 'block',
  reasons: ['reaches executive dashboard executive-revenue'],
  changedBy: 'orders',
  fingerprint: 'da8b5ed170ffb7b9107d249598a9002281364874ff7fb5a6af5b55284c854673',
  link: 'https://charter.example/approvals/1',
  datasets: [
    {
      namespace: 'looker://acme',
      name: 'dashboards.executive_revenue',
      team: 'analytics',
      reason: 'executive dashboard',
    },
  ],
};

/** The warehouse orders table's load dropped a contracted column. */
export const BREACH_NOTICE: BreachNotice = {
  key: '3f1d0c2b9a8e7f6d5c4b3a29180716253443526170819a0b1c2d3e4f5a6b7c8d',
  contract: { id: 'warehouse-orders', version: '1.0.0', team: 'orders', tier: 'tier-1' },
  dataset: { namespace: 'snowflake://acme.eu-west-1', name: 'raw.orders' },
  job: { namespace: 'airflow://acme-prod', name: 'load_raw.orders' },
  runId: '5a3c0000-0000-4000-8000-000000000003',
  eventTime: '2026-12-01T09:00:00.000Z',
  problems: [
    {
      code: 'field-missing',
      field: 'amount_cents',
      message: 'field "amount_cents" of orders is declared in the contract but dataset "raw.orders" has no such field',
    },
  ],
  link: 'https://lineage.charter.example/api/v1/namespaces/snowflake%3A%2F%2Facme.eu-west-1/datasets/raw.orders/breaches',
};

/** A nightly checkpoint of orders on the staging table that found nulls and a bad currency. */
export const CHECK_FAILED_NOTICE: CheckFailedNotice = {
  key: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  contract: { id: 'orders', version: '3.0.0', team: 'orders' },
  kind: 'checkpoint',
  source: { type: 'postgres', name: 'staging.orders' },
  finishedAt: '2026-12-06T02:00:04.000Z',
  statistics: { evaluated: 24, failed: 2, successPercent: 91.67 },
  failures: [
    {
      id: 'customer_id.not_null',
      severity: 'error',
      expectation: 'expect_column_values_to_not_be_null',
      observed: '12',
      unexpectedCount: 12,
      unexpectedPercent: 1.14,
      message: 'orders.customer_id: 12 nulls (1.14%)',
    },
    {
      id: 'currency.quality.valid_currency',
      severity: 'warning',
      expectation: 'expect_column_values_to_be_in_set',
      observed: '["XXX","usd"]',
      unexpectedCount: 3,
    },
  ],
  failuresLeftOut: 0,
  link: 'https://registry.charter.example/checks/7c9e6679-7425-40de-944b-e07fc1f90ae7',
};

/** The amount distribution of orders moved in the last window. */
export const DRIFT_NOTICE: DriftNotice = {
  key: '0f8fad5b-d9cb-469f-a165-70867728950e',
  contract: { id: 'orders', version: '3.0.0', team: 'orders' },
  source: 'kafka:orders',
  field: 'amount_cents',
  test: 'ks',
  statistic: 0.41,
  threshold: 0.2,
  window: { start: '2026-12-06T09:00:00.000Z', end: '2026-12-06T09:05:00.000Z', count: 10_000 },
  baseline: { windows: 5, count: 50_000 },
  detectedAt: '2026-12-06T09:05:01.000Z',
  link: 'https://registry.charter.example/contracts/orders/drift-events',
};
