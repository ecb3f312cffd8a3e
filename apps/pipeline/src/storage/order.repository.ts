import type { PrismaClient } from '../generated/prisma/client';
import type { OrderRow } from '../sink/order-row';
import type { RowStore, WriteOutcome } from '../sink/row-store';

/**
 * `staging.orders`, one row per order_id holding its latest state: a message for a new order inserts, a different
 * state of a stored order updates it, and one identical to the stored row (what a redelivery or a client's retry
 * brings) changes nothing — one statement, so concurrent writers of one order cannot interleave.
 */
export class OrderRepository implements RowStore<OrderRow> {
  constructor(private readonly prisma: PrismaClient) {}

  async write(row: OrderRow): Promise<WriteOutcome> {
    const address = row.shippingAddress === null ? null : JSON.stringify(row.shippingAddress);
    const written = await this.prisma.$queryRaw<Array<{ inserted: boolean }>>`
      INSERT INTO staging.orders AS current (order_id, customer_id, amount_cents, currency, status, placed_at,
        coupon_code, shipping_address, schema_id, kafka_partition, kafka_offset)
      VALUES (${row.orderId}, ${row.customerId}, ${row.amountCents}, ${row.currency}, ${row.status}, ${row.placedAt},
        ${row.couponCode}, ${address}::jsonb, ${row.schemaId}, ${row.kafkaPartition}, ${row.kafkaOffset})
      ON CONFLICT (order_id) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, amount_cents = EXCLUDED.amount_cents, currency = EXCLUDED.currency,
        status = EXCLUDED.status, placed_at = EXCLUDED.placed_at, coupon_code = EXCLUDED.coupon_code,
        shipping_address = EXCLUDED.shipping_address, schema_id = EXCLUDED.schema_id,
        kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset, stored_at = now()
      WHERE (current.customer_id, current.amount_cents, current.currency, current.status, current.placed_at,
          current.coupon_code, current.shipping_address)
        IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.amount_cents, EXCLUDED.currency, EXCLUDED.status,
          EXCLUDED.placed_at, EXCLUDED.coupon_code, EXCLUDED.shipping_address)
      RETURNING (xmax = 0) AS inserted`;
    const [result] = written;
    if (!result) return 'duplicate';
    return result.inserted ? 'inserted' : 'updated';
  }
}
