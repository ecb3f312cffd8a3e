-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "staging";

-- CreateTable
CREATE TABLE "staging"."orders" (
    "order_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "amount_cents" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "coupon_code" TEXT,
    "shipping_address" JSONB,
    "schema_id" INTEGER NOT NULL,
    "kafka_partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "staging"."user_events" (
    "event_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "session_id" TEXT,
    "properties" JSONB,
    "schema_id" INTEGER NOT NULL,
    "kafka_partition" INTEGER NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "user_events_occurred_at_idx" ON "staging"."user_events"("occurred_at");
