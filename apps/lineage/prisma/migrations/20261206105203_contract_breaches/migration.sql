-- CreateTable
CREATE TABLE "contract_breaches" (
    "id" BIGSERIAL NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "contract_id" TEXT NOT NULL,
    "contract_version" TEXT NOT NULL,
    "contract_team" TEXT NOT NULL,
    "severity_tier" TEXT NOT NULL,
    "dataset_namespace" TEXT NOT NULL,
    "dataset_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "job_namespace" TEXT,
    "job_name" TEXT,
    "run_id" TEXT,
    "event_type" TEXT,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "problems" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seen_count" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "contract_breaches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contract_breaches_fingerprint_key" ON "contract_breaches"("fingerprint");

-- CreateIndex
CREATE INDEX "contract_breaches_contract_id_id_idx" ON "contract_breaches"("contract_id", "id");

-- CreateIndex
CREATE INDEX "contract_breaches_dataset_namespace_dataset_name_id_idx" ON "contract_breaches"("dataset_namespace", "dataset_name", "id");

-- CreateIndex
CREATE INDEX "contract_breaches_last_seen_at_idx" ON "contract_breaches"("last_seen_at");
