/** An order as the sample orders contract (contracts/orders) and its v3 schema describe it: it meets both. */
export const SAMPLE_ORDER = {
  order_id: '0b6f7c52-9a5e-4d1c-8a9e-5f1f3b2f6a11',
  customer_id: 'c-1',
  amount_cents: 1250,
  currency: 'EUR',
  status: 'PAID',
  placed_at: 1_764_576_000_000,
  coupon_code: null,
  shipping_address: null,
};

// Confluent's own client on a test registry (Basic auth, as Confluent clients send it).
export { confluentClient } from '@charter/registry/testing';
