-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER,
    "title" TEXT NOT NULL,
    "runbook" TEXT NOT NULL,
    "severity" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "summary" TEXT,
    "opened_by_key" TEXT NOT NULL,
    "opened_by_team" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_timeline" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "stage" TEXT,
    "step" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_timeline_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidents_status_opened_at_idx" ON "incidents"("status", "opened_at" DESC);

-- CreateIndex
CREATE INDEX "incidents_subject_opened_at_idx" ON "incidents"("subject", "opened_at" DESC);

-- CreateIndex
CREATE INDEX "incident_timeline_incident_id_id_idx" ON "incident_timeline"("incident_id", "id");

-- AddForeignKey
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
