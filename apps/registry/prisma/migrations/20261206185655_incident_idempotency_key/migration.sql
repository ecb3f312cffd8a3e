-- AlterTable
ALTER TABLE "incidents" ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "request_hash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "incidents_idempotency_key_key" ON "incidents"("idempotency_key");
