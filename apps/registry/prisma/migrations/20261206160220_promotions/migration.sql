-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'exception',
ADD COLUMN     "promotion" JSONB,
ADD COLUMN     "promotion_id" UUID,
ADD COLUMN     "promotion_steps" JSONB,
ALTER COLUMN "subject" DROP NOT NULL,
ALTER COLUMN "fingerprint" DROP NOT NULL;

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "promotion_id" UUID;

-- CreateIndex
CREATE INDEX "approvals_promotion_id_idx" ON "approvals"("promotion_id");

-- CreateIndex
CREATE INDEX "audit_log_promotion_id_id_idx" ON "audit_log"("promotion_id", "id");

-- An exception names its schema; a promotion carries its plan (old rows are exceptions).
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_kind_check" CHECK (
  ("kind" = 'exception' AND "subject" IS NOT NULL AND "fingerprint" IS NOT NULL)
  OR ("kind" = 'promotion' AND "promotion_id" IS NOT NULL AND "promotion" IS NOT NULL AND "promotion_steps" IS NOT NULL)
);
