import type { BreachNotice } from '../src/breach-notice';
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
