import type { SchemaType } from '@charter/schema';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { SchemaRecord, SchemaReferenceRecord, SubjectVersionRecord } from './registry-records';
import { translateStoreError } from './translate-store-error';

/** Metadata keys the fingerprint migration reads and writes. */
export const FINGERPRINT_METADATA = {
  version: 'fingerprint-version',
  unparseable: 'unparseable-schemas',
  storeId: 'store-id',
} as const;

/** A stored schema the recomputation could not parse: reported, never rewritten. */
export interface UnparseableSchema {
  id: number;
  problem: string;
}

/** A fingerprint to write: `id` gets `fingerprint`, which no other row may hold once all are written. */
export interface FingerprintChange {
  id: number;
  previous: string;
  fingerprint: string;
}

/** Longest the migration may run (it holds its lock, and the registry does not serve, meanwhile). */
const MIGRATION_TIMEOUT_MS = 30 * 60_000;
/** A value of the 64-character column that no sha256 hex can equal, unique per row. */
const PLACEHOLDER_SQL = `'migrating' || lpad(id::text, 55, '0')`;

/**
 * The storage side of recomputing stored fingerprints: one transaction holding an advisory lock (so replicas
 * starting together migrate once, the others waiting and then finding it done), reading schemas in id batches and
 * writing every change, the approvals' fingerprints, the report and the new store id together — or nothing.
 */
export class FingerprintStoreRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The metadata value under `key`, or undefined. */
  readMetadata(key: string): Promise<string | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.registryMetadata.findUnique({ where: { key } });
      return row?.value;
    });
  }

  /** Runs `work` in one transaction that holds the fingerprint migration's lock. */
  withMigrationLock<T>(work: (writer: FingerprintWriter) => Promise<T>): Promise<T> {
    return translateStoreError(() =>
      this.prisma.$transaction(
        async (tx) => {
          // Waiting for another replica's migration, and the migration itself, may take longer than any request.
          await tx.$executeRawUnsafe('SET LOCAL statement_timeout = 0');
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('charter.fingerprint-migration', 0))`;
          return work(new FingerprintWriter(tx));
        },
        { maxWait: MIGRATION_TIMEOUT_MS, timeout: MIGRATION_TIMEOUT_MS },
      ),
    );
  }
}

/** Reads and writes inside the migration's transaction. */
export class FingerprintWriter {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async readMetadata(key: string): Promise<string | undefined> {
    const row = await this.tx.registryMetadata.findUnique({ where: { key } });
    return row?.value;
  }

  async writeMetadata(key: string, value: string): Promise<void> {
    await this.tx.registryMetadata.upsert({ where: { key }, create: { key, value }, update: { value } });
  }

  /** Up to `limit` schemas with an id above `afterId`, in id order (every row, held by a version or not). */
  async readSchemas(afterId: number, limit: number): Promise<SchemaRecord[]> {
    const rows = await this.tx.schema.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit });
    return rows.map((row) => ({
      id: row.id,
      fingerprint: row.fingerprint,
      schemaType: row.schemaType as SchemaType,
      schema: row.schema,
      references: (row.references as unknown as SchemaReferenceRecord[] | null) ?? [],
      metadata: (row.metadata as Record<string, unknown> | null) ?? null,
      ruleSet: (row.ruleSet as Record<string, unknown> | null) ?? null,
    }));
  }

  /** What reference resolution needs, read inside the transaction (no cache: cached rows carry old fingerprints). */
  readonly lookup = {
    subjectVersions: (subject: string): Promise<SubjectVersionRecord[]> =>
      this.tx.subjectVersion.findMany({
        where: { subject },
        orderBy: { version: 'asc' },
        select: { version: true, schemaId: true, deleted: true },
      }),
    schemaById: async (id: number): Promise<SchemaRecord | undefined> => {
      const [row] = await this.readSchemas(id - 1, 1);
      return row?.id === id ? row : undefined;
    },
  };

  /**
   * Writes the new fingerprints. Rows first take placeholders, so a new value may be one another row held before
   * (the column is unique and Postgres checks it row by row).
   */
  async writeFingerprints(changes: readonly FingerprintChange[], batchSize: number): Promise<void> {
    for (let start = 0; start < changes.length; start += batchSize) {
      const ids = changes.slice(start, start + batchSize).map((change) => change.id);
      await this.tx.$executeRawUnsafe(
        `UPDATE schemas SET fingerprint = ${PLACEHOLDER_SQL} WHERE id = ANY($1::int[])`,
        ids,
      );
    }
    for (let start = 0; start < changes.length; start += batchSize) {
      const batch = changes.slice(start, start + batchSize);
      await this.tx.$executeRaw`
        UPDATE schemas AS s SET fingerprint = v.fingerprint
        FROM unnest(${batch.map((c) => c.id)}::int[], ${batch.map((c) => c.fingerprint)}::text[]) AS v(id, fingerprint)
        WHERE s.id = v.id`;
    }
  }

  /** Approvals name the fingerprint of the schema they let through: those of stored schemas follow the change. */
  async remapApprovals(changes: readonly FingerprintChange[], batchSize: number): Promise<number> {
    let remapped = 0;
    for (let start = 0; start < changes.length; start += batchSize) {
      const batch = changes.slice(start, start + batchSize);
      remapped += await this.tx.$executeRaw`
        UPDATE approvals AS a SET fingerprint = m.fingerprint
        FROM unnest(${batch.map((c) => c.previous)}::text[], ${batch.map((c) => c.fingerprint)}::text[])
          AS m(previous, fingerprint)
        WHERE a.fingerprint = m.previous`;
    }
    return remapped;
  }

  /** Approvals still usable (requested, or approved and unused) whose fingerprint no stored schema has. */
  async countUnmatchedOpenApprovals(): Promise<number> {
    const rows = await this.tx.$queryRaw<Array<{ count: number }>>`
      SELECT count(*)::int AS count FROM approvals a
      WHERE (a.state = 'requested' OR (a.state = 'approved' AND a.used_at IS NULL))
        AND NOT EXISTS (SELECT 1 FROM schemas s WHERE s.fingerprint = a.fingerprint)`;
    return rows[0]?.count ?? 0;
  }
}
