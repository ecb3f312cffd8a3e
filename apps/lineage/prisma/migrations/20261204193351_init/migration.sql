-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "lineage_events" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "event_type" TEXT,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "job_key" TEXT,
    "run_id" TEXT,
    "event" TEXT NOT NULL,
    "digest" CHAR(64) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lineage_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lineage_events_digest_key" ON "lineage_events"("digest");

-- CreateIndex
CREATE INDEX "lineage_events_job_key_id_idx" ON "lineage_events"("job_key", "id");
