-- CreateTable
CREATE TABLE "registry_metadata" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "registry_metadata_pkey" PRIMARY KEY ("key")
);
