-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "schemas" (
    "id" SERIAL NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "schema_type" TEXT NOT NULL,
    "schema" TEXT NOT NULL,
    "references" JSONB NOT NULL DEFAULT '[]',
    "metadata" JSONB,
    "rule_set" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schemas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subject_versions" (
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "schema_id" INTEGER NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subject_versions_pkey" PRIMARY KEY ("subject","version")
);

-- CreateTable
CREATE TABLE "schema_references" (
    "schema_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "schema_references_pkey" PRIMARY KEY ("schema_id","name")
);

-- CreateTable
CREATE TABLE "subject_settings" (
    "subject" TEXT NOT NULL,
    "config" JSONB,
    "mode" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subject_settings_pkey" PRIMARY KEY ("subject")
);

-- CreateIndex
CREATE UNIQUE INDEX "schemas_fingerprint_key" ON "schemas"("fingerprint");

-- CreateIndex
CREATE INDEX "subject_versions_schema_id_idx" ON "subject_versions"("schema_id");

-- CreateIndex
CREATE INDEX "schema_references_subject_version_idx" ON "schema_references"("subject", "version");

-- AddForeignKey
ALTER TABLE "subject_versions" ADD CONSTRAINT "subject_versions_schema_id_fkey" FOREIGN KEY ("schema_id") REFERENCES "schemas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schema_references" ADD CONSTRAINT "schema_references_schema_id_fkey" FOREIGN KEY ("schema_id") REFERENCES "schemas"("id") ON DELETE CASCADE ON UPDATE CASCADE;
