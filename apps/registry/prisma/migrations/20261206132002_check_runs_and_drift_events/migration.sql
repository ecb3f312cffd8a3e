-- CreateTable
CREATE TABLE "check_runs" (
    "id" UUID NOT NULL,
    "contract_id" TEXT NOT NULL,
    "contract_version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source_type" TEXT NOT NULL,
    "source_name" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "statistics" JSONB NOT NULL,
    "document_hash" CHAR(64) NOT NULL,
    "document" JSONB NOT NULL,
    "reported_by_key" TEXT NOT NULL,
    "reported_by_team" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drift_events" (
    "event_id" UUID NOT NULL,
    "contract_id" TEXT NOT NULL,
    "contract_version" TEXT,
    "source" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "test" TEXT NOT NULL,
    "statistic" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "window" JSONB NOT NULL,
    "baseline" JSONB NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "document_hash" CHAR(64) NOT NULL,
    "reported_by_key" TEXT NOT NULL,
    "reported_by_team" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateIndex
CREATE INDEX "check_runs_contract_id_created_at_id_idx" ON "check_runs"("contract_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "drift_events_contract_id_created_at_event_id_idx" ON "drift_events"("contract_id", "created_at" DESC, "event_id" DESC);
