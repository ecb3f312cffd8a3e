import { randomUUID } from 'node:crypto';
import type { SchemaType } from '@charter/schema';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import {
  GLOBAL_SETTINGS_SUBJECT,
  type ListedSchemaRecord,
  type ListSchemasQuery,
  type SchemaRecord,
  type SchemaReferenceRecord,
  type SchemaUseRecord,
  type SubjectSettingRecord,
  type SubjectVersionRecord,
} from './registry-records';
import { translateStoreError } from './translate-store-error';

type Db = PrismaClient | Prisma.TransactionClient;

interface SchemaRow {
  id: number;
  fingerprint: string;
  schemaType: string;
  schema: string;
  references: unknown;
  metadata: unknown;
  ruleSet: unknown;
}

/** Longest a delete may wait for a connection and its subject's lock and run, before the client is told to retry. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/** Everything the registry reads from and writes to Postgres. Only this file and its writer touch Prisma. */
/** A subject as the console lists it: how many versions are live and soft-deleted, and its current format. */
export interface SubjectVersionSummary {
  subject: string;
  liveVersions: number;
  deletedVersions: number;
  /** The newest live version; null when every version is soft-deleted. */
  latestVersion: number | null;
  /** The newest live version's format (the newest deleted one's when none is live). */
  schemaType: SchemaType;
}

export class RegistryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** A schema by id, only while at least one subject version (live or soft-deleted) still holds it. */
  findSchemaById(id: number): Promise<SchemaRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.schema.findFirst({ where: { id, versions: { some: {} } } });
      return row ? toSchemaRecord(row) : undefined;
    });
  }

  /** Every version of a subject, soft-deleted ones included, oldest first. */
  findSubjectVersions(subject: string): Promise<SubjectVersionRecord[]> {
    return translateStoreError(() => findSubjectVersions(this.prisma, subject));
  }

  /** The subjects and versions holding a schema, ordered by subject (code-unit order) then version. */
  findSchemaUses(schemaId: number): Promise<SchemaUseRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.subjectVersion.findMany({
        where: { schemaId },
        select: { subject: true, version: true, deleted: true },
      });
      return rows.sort((a, b) => compareCodeUnits(a.subject, b.subject) || a.version - b.version);
    });
  }

  /** Subject names with whether every version is soft-deleted, in code-unit order. */
  listSubjects(prefix: string): Promise<Array<{ subject: string; isDeleted: boolean }>> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<Array<{ subject: string; all_deleted: boolean }>>`
        SELECT subject, bool_and(deleted) AS all_deleted
        FROM subject_versions
        WHERE starts_with(subject, ${prefix})
        GROUP BY subject
        ORDER BY subject COLLATE "C"`;
      return rows.map((row) => ({ subject: row.subject, isDeleted: row.all_deleted }));
    });
  }

  /** Every subject with its version counts and its newest version's format, in one query (the console's list). */
  summarizeSubjects(): Promise<SubjectVersionSummary[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<
        Array<{ subject: string; live: number; deleted: number; latest: number | null; schema_type: string }>
      >`
        SELECT sv.subject,
               (count(*) FILTER (WHERE NOT sv.deleted))::int AS live,
               (count(*) FILTER (WHERE sv.deleted))::int AS deleted,
               max(sv.version) FILTER (WHERE NOT sv.deleted) AS latest,
               (array_agg(s.schema_type ORDER BY sv.deleted, sv.version DESC))[1] AS schema_type
        FROM subject_versions sv
        JOIN schemas s ON s.id = sv.schema_id
        GROUP BY sv.subject
        ORDER BY sv.subject COLLATE "C"`;
      return rows.map((row) => ({
        subject: row.subject,
        liveVersions: row.live,
        deletedVersions: row.deleted,
        latestVersion: row.latest,
        schemaType: row.schema_type as SchemaType,
      }));
    });
  }

  listSchemas(query: ListSchemasQuery): Promise<ListedSchemaRecord[]> {
    return translateStoreError(async () => {
      const limit = query.limit < 0 ? null : query.limit;
      const rows = await this.prisma.$queryRaw<Array<SchemaRow & { subject: string; version: number }>>`
        WITH visible AS (
          SELECT v.subject, v.version, v.schema_id,
                 row_number() OVER (PARTITION BY v.subject ORDER BY v.version DESC) AS newest
          FROM subject_versions v
          WHERE starts_with(v.subject, ${query.subjectPrefix}) AND (${query.includeDeleted} OR NOT v.deleted)
        )
        SELECT visible.subject, visible.version, s.id, s.fingerprint, s.schema_type AS "schemaType", s.schema,
               s."references", s.metadata, s.rule_set AS "ruleSet"
        FROM visible JOIN schemas s ON s.id = visible.schema_id
        WHERE (NOT ${query.latestOnly}) OR visible.newest = 1
        ORDER BY visible.subject COLLATE "C", visible.version
        OFFSET ${query.offset} LIMIT ${limit}`;
      return rows.map((row) => ({ ...toSchemaRecord(row), subject: row.subject, version: row.version }));
    });
  }

  /** Ids of schemas (still held by some version) that reference `subject` version `version`. */
  findReferencingSchemaIds(subject: string, version: number): Promise<number[]> {
    return translateStoreError(() => findReferencingSchemaIds(this.prisma, subject, version));
  }

  findSetting(subject: string | undefined): Promise<SubjectSettingRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.subjectSetting.findUnique({
        where: { subject: subject ?? GLOBAL_SETTINGS_SUBJECT },
      });
      if (!row) return undefined;
      return { config: (row.config as Record<string, unknown> | null) ?? null, mode: row.mode };
    });
  }

  /** Writes one or both settings columns of a subject (or the global row); `null` clears a column. */
  saveSetting(
    subject: string | undefined,
    change: { config?: Record<string, unknown> | null; mode?: string | null },
    audit: NewAuditRecord,
  ): Promise<void> {
    return translateStoreError(async () => {
      const data = {
        ...(change.config === undefined ? {} : { config: toJsonColumn(change.config) }),
        ...(change.mode === undefined ? {} : { mode: change.mode }),
      };
      await this.prisma.$transaction([
        this.prisma.subjectSetting.upsert({
          where: { subject: subject ?? GLOBAL_SETTINGS_SUBJECT },
          create: { subject: subject ?? GLOBAL_SETTINGS_SUBJECT, ...data },
          update: data,
        }),
        this.prisma.auditEntry.create({ data: auditRow(audit) }),
      ]);
    });
  }

  /** Whether any subject (or `subject` alone) has a live version. */
  hasLiveVersions(subject?: string): Promise<boolean> {
    return translateStoreError(async () => {
      const row = await this.prisma.subjectVersion.findFirst({
        where: { deleted: false, ...(subject === undefined ? {} : { subject }) },
        select: { version: true },
      });
      return row !== null;
    });
  }

  /**
   * Switches to IMPORT mode in one transaction: removes the soft-deleted versions in scope (of `subject`, or
   * everywhere) and sets the mode. Returns the subjects whose versions were removed.
   */
  switchToImport(subject: string | undefined, audit: NewAuditRecord): Promise<string[]> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.auditEntry.create({ data: auditRow(audit) });
        const scope = { deleted: true, ...(subject === undefined ? {} : { subject }) };
        const rows = await tx.subjectVersion.findMany({
          where: scope,
          select: { subject: true },
          distinct: ['subject'],
        });
        await tx.subjectVersion.deleteMany({ where: scope });
        const key = subject ?? GLOBAL_SETTINGS_SUBJECT;
        await tx.subjectSetting.upsert({
          where: { subject: key },
          create: { subject: key, mode: 'IMPORT' },
          update: { mode: 'IMPORT' },
        });
        return rows.map((row) => row.subject);
      }),
    );
  }

  /** The largest schema id ever given, or 0. */
  maxSchemaId(): Promise<number> {
    return translateStoreError(async () => {
      const result = await this.prisma.schema.aggregate({ _max: { id: true } });
      return result._max.id ?? 0;
    });
  }

  /**
   * The random id of this database, made on first start (replicas starting together agree on one). Shared caches
   * key their entries by it, so a cache never serves one database's ids to another.
   */
  ensureStoreId(): Promise<string> {
    return translateStoreError(async () => {
      await this.prisma.registryMetadata.createMany({
        data: [{ key: 'store-id', value: randomUUID() }],
        skipDuplicates: true,
      });
      const row = await this.prisma.registryMetadata.findUniqueOrThrow({ where: { key: 'store-id' } });
      return row.value;
    });
  }

  /** Cheap round trip for readiness checks. */
  ping(): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.$queryRaw`SELECT 1`;
    });
  }

  /**
   * Runs `work` (the deletes) in one transaction holding the subject's advisory lock, so deletes of one subject are
   * serialised across every replica; registrations do not take it (see RegistrationRepository). Nothing `work` writes is visible until it returns; if it throws, nothing is written.
   */
  withSubjectLock<T>(subject: string, work: (writer: SubjectWriter) => Promise<T>): Promise<T> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`charter.subject:${subject}`}, 0))`;
        return work(new SubjectWriter(tx));
      }, TRANSACTION_OPTIONS),
    );
  }
}

/** Reads and writes inside one subject-locked transaction. */
export class SubjectWriter {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  findSubjectVersions(subject: string): Promise<SubjectVersionRecord[]> {
    return findSubjectVersions(this.tx, subject);
  }

  /** The audit entry of the change, in the same transaction: both land or neither does. */
  async appendAudit(entry: NewAuditRecord): Promise<void> {
    await this.tx.auditEntry.create({ data: auditRow(entry) });
  }

  findReferencingSchemaIds(subject: string, version: number): Promise<number[]> {
    return findReferencingSchemaIds(this.tx, subject, version);
  }

  async markVersionsDeleted(subject: string, versions: readonly number[]): Promise<void> {
    await this.tx.subjectVersion.updateMany({
      where: { subject, version: { in: [...versions] } },
      data: { deleted: true },
    });
  }

  async deleteVersions(subject: string, versions: readonly number[]): Promise<void> {
    await this.tx.subjectVersion.deleteMany({ where: { subject, version: { in: [...versions] } } });
  }

  /** Drops a subject's config and mode (a permanently deleted subject keeps no settings). */
  async deleteSetting(subject: string): Promise<void> {
    await this.tx.subjectSetting.deleteMany({ where: { subject } });
  }
}

async function findSubjectVersions(db: Db, subject: string): Promise<SubjectVersionRecord[]> {
  return db.subjectVersion.findMany({
    where: { subject },
    orderBy: { version: 'asc' },
    select: { version: true, schemaId: true, deleted: true },
  });
}

async function findReferencingSchemaIds(db: Db, subject: string, version: number): Promise<number[]> {
  const rows = await db.schemaReference.findMany({
    where: { subject, version, schema: { versions: { some: {} } } },
    select: { schemaId: true },
    distinct: ['schemaId'],
    orderBy: { schemaId: 'asc' },
  });
  return rows.map((row) => row.schemaId);
}

function toSchemaRecord(row: SchemaRow): SchemaRecord {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    schemaType: row.schemaType as SchemaType,
    schema: row.schema,
    references: (row.references as SchemaReferenceRecord[] | null) ?? [],
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    ruleSet: (row.ruleSet as Record<string, unknown> | null) ?? null,
  };
}

function toJsonColumn(value: Record<string, unknown> | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
