import type { TableColumn } from './table-column';

/** Where a stored row was read from: the schema it was written with and its Kafka position. */
export interface RecordPosition {
  schemaId: number;
  partition: number;
  offset: string;
}

/** A row of `staging.orders`: an order's latest state. */
export interface OrderRow {
  orderId: string;
  customerId: string;
  amountCents: bigint;
  currency: string;
  status: string;
  placedAt: Date;
  couponCode: string | null;
  shippingAddress: { line1: string; city: string; postal_code: string; country: string } | null;
  schemaId: number;
  kafkaPartition: number;
  kafkaOffset: bigint;
}

/** An order as the `orders-value` schema (v1 → v3) decodes it; fields a v1 or v2 writer lacked read as absent. */
interface OrderRecord {
  order_id: string;
  customer_id: string;
  amount_cents: number;
  currency: string;
  status?: string;
  placed_at: number;
  coupon_code?: string | null;
  shipping_address?: { line1: string; city: string; postal_code: string; country: string } | null;
}

/** The row an order record is stored as (`placed_at`, epoch milliseconds, as a timestamp). */
export function toOrderRow(value: unknown, position: RecordPosition): OrderRow {
  const order = value as OrderRecord;
  const address = order.shipping_address ?? null;
  return {
    orderId: order.order_id,
    customerId: order.customer_id,
    amountCents: BigInt(order.amount_cents),
    currency: order.currency,
    status: order.status ?? 'PLACED',
    placedAt: new Date(order.placed_at),
    couponCode: order.coupon_code ?? null,
    // A plain object (the decoder's record instances carry a class): stored as JSON.
    shippingAddress: address && {
      line1: address.line1,
      city: address.city,
      postal_code: address.postal_code,
      country: address.country,
    },
    schemaId: position.schemaId,
    kafkaPartition: position.partition,
    kafkaOffset: BigInt(position.offset),
  };
}

/** `staging.orders`' columns, each with the topic field it is read from (none: the row's own bookkeeping). */
export const ORDER_COLUMNS: readonly TableColumn[] = [
  { name: 'order_id', type: 'text', from: 'order_id' },
  { name: 'customer_id', type: 'text', from: 'customer_id' },
  { name: 'amount_cents', type: 'bigint', from: 'amount_cents' },
  { name: 'currency', type: 'text', from: 'currency' },
  { name: 'status', type: 'text', from: 'status' },
  { name: 'placed_at', type: 'timestamptz', from: 'placed_at', transformation: 'epoch milliseconds as a timestamp' },
  { name: 'coupon_code', type: 'text', from: 'coupon_code' },
  { name: 'shipping_address', type: 'jsonb', from: 'shipping_address' },
  { name: 'schema_id', type: 'integer' },
  { name: 'kafka_partition', type: 'integer' },
  { name: 'kafka_offset', type: 'bigint' },
  { name: 'stored_at', type: 'timestamptz' },
];
