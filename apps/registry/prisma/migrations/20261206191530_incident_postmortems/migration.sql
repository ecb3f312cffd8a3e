-- CreateTable
CREATE TABLE "incident_postmortems" (
    "incident_id" UUID NOT NULL,
    "markdown" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_postmortems_pkey" PRIMARY KEY ("incident_id")
);

-- AddForeignKey
ALTER TABLE "incident_postmortems" ADD CONSTRAINT "incident_postmortems_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
