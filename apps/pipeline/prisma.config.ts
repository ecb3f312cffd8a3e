import { defineConfig } from 'prisma/config';

// Used only by Prisma's CLI (generate, and migrate with PRISMA_SCHEMA_ENGINE_BINARY); the pipeline reads
// CHARTER_PIPELINE_DATABASE_URL through its own config and applies migrations with @charter/migrations at boot.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
