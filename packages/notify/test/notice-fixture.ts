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
