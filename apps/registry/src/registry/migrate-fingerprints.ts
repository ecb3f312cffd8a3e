import { randomUUID } from 'node:crypto';
import { FINGERPRINT_VERSION, type JsonTextLimits } from '@charter/schema';
import {
  FINGERPRINT_METADATA,
  type FingerprintChange,
  type FingerprintStoreRepository,
  type UnparseableSchema,
} from '../storage/fingerprint-store.repository';
import { fingerprintContent, SchemaPreparer } from './schema-preparer';

export interface FingerprintMigrationReport {
  /** The version stored fingerprints were computed with before this start. */
  fromVersion: number;
  toVersion: number;
  /** False when the store was already at {@link FINGERPRINT_VERSION} (another replica, or an earlier start, did it). */
  migrated: boolean;
  schemas: number;
  changed: number;
  /** Stored schemas that now mean the same as an earlier one: kept (ids never change), their content addressed by the earlier. */
  duplicates: number[];
  unparseable: UnparseableSchema[];
  approvalsRemapped: number;
  /** Approvals still open whose schema was never stored: their fingerprint is of the old version; ask again. */
  staleApprovals: number;
  batches: number;
  ms: number;
}

export interface MigrationLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const BATCH_SIZE = 500;

/**
 * Brings stored fingerprints to the engine's {@link FINGERPRINT_VERSION}: every schema's fingerprint is computed
 * again from its stored text (references resolved from the database), in batches, in one transaction. Idempotent:
 * a store already at the version is left alone. A row that no longer parses keeps its fingerprint and is reported
 * (in the log and in `GET /ready`), never rewritten. When anything changed, the store id changes too, so shared
 * cache entries written under the old fingerprints are never read again.
 */
export async function migrateFingerprints(
  repository: FingerprintStoreRepository,
  limits: JsonTextLimits,
  logger: MigrationLogger,
): Promise<FingerprintMigrationReport> {
  const started = performance.now();
  const current = await repository.readMetadata(FINGERPRINT_METADATA.version);
  const isCurrent = current !== undefined && Number(current) >= FINGERPRINT_VERSION;
  const report = isCurrent
    ? notMigrated(Number(current), await readUnparseable(repository), started)
    : await recompute(repository, limits, logger, started);
  if (report.migrated) {
    const { unparseable, ...counts } = report;
    // A new database has nothing to recompute: its version is only recorded (quietly, so a first start reads well).
    (report.schemas === 0 ? logger.debug : logger.info).call(
      logger,
      { event: 'fingerprints.migrated', ...counts, unparseable: unparseable.length },
      `stored fingerprints recomputed (version ${report.fromVersion} -> ${report.toVersion})`,
    );
    if (report.staleApprovals > 0) {
      logger.warn(
        { event: 'fingerprints.stale-approvals', count: report.staleApprovals },
        'open approvals name fingerprints of the previous version; request them again',
      );
    }
  }
  if (report.unparseable.length > 0) {
    logger.warn(
      { event: 'fingerprints.unparseable', ids: report.unparseable.map((row) => row.id), schemas: report.unparseable },
      'stored schemas that do not parse (kept as they are; see GET /ready)',
    );
  }
  return report;
}

/** Recomputes every stored fingerprint under the migration lock (another replica may have done it meanwhile). */
function recompute(
  repository: FingerprintStoreRepository,
  limits: JsonTextLimits,
  logger: MigrationLogger,
  started: number,
): Promise<FingerprintMigrationReport> {
  return repository.withMigrationLock(async (writer) => {
    const fromVersion = Number((await writer.readMetadata(FINGERPRINT_METADATA.version)) ?? 1);
    if (fromVersion >= FINGERPRINT_VERSION) {
      const unparseable = parseReport(await writer.readMetadata(FINGERPRINT_METADATA.unparseable));
      return notMigrated(fromVersion, unparseable, started);
    }
    const preparer = new SchemaPreparer(writer.lookup, limits, {
      maxParsed: BATCH_SIZE * 4,
      maxReferences: Number.MAX_SAFE_INTEGER,
    });
    const rows: Array<{ id: number; previous: string; next: string | undefined }> = [];
    const unparseable: UnparseableSchema[] = [];
    let batches = 0;
    for (let afterId = 0; ; ) {
      const batch = await writer.readSchemas(afterId, BATCH_SIZE);
      if (batch.length === 0) break;
      batches++;
      for (const record of batch) {
        try {
          const parsed = await preparer.parsedOf(record);
          rows.push({
            id: record.id,
            previous: record.fingerprint,
            next: fingerprintContent(parsed, record.metadata, record.ruleSet),
          });
        } catch (error) {
          unparseable.push({ id: record.id, problem: (error as Error).message });
          rows.push({ id: record.id, previous: record.fingerprint, next: undefined });
        }
      }
      afterId = batch.at(-1)!.id;
      logger.info({ event: 'fingerprints.migration.progress', read: rows.length, batches }, 'recomputing fingerprints');
    }
    const { changes, duplicates } = planChanges(rows);
    await writer.writeFingerprints(changes, BATCH_SIZE);
    const approvalsRemapped = await writer.remapApprovals(changes, BATCH_SIZE);
    const staleApprovals = await writer.countUnmatchedOpenApprovals();
    await writer.writeMetadata(FINGERPRINT_METADATA.version, String(FINGERPRINT_VERSION));
    await writer.writeMetadata(FINGERPRINT_METADATA.unparseable, JSON.stringify(unparseable));
    if (changes.length > 0) await writer.writeMetadata(FINGERPRINT_METADATA.storeId, randomUUID());
    return {
      fromVersion,
      toVersion: FINGERPRINT_VERSION,
      migrated: true,
      schemas: rows.length,
      changed: changes.length,
      duplicates,
      unparseable,
      approvalsRemapped,
      staleApprovals,
      batches,
      ms: Math.round(performance.now() - started),
    };
  });
}

/**
 * Which rows get which fingerprint. Every final value is unique: a row whose new fingerprint an earlier row (by id)
 * already takes keeps a value derived from its id instead, so lookups by content find the earlier schema.
 */
function planChanges(rows: ReadonlyArray<{ id: number; previous: string; next: string | undefined }>): {
  changes: FingerprintChange[];
  duplicates: number[];
} {
  const taken = new Set<string>();
  // Rows that keep their value (unparseable ones, and those whose value does not change) hold it first.
  for (const row of rows) if (row.next === undefined || row.next === row.previous) taken.add(row.previous);
  const changes: FingerprintChange[] = [];
  const duplicates: number[] = [];
  for (const row of rows) {
    if (row.next === undefined || row.next === row.previous) continue;
    let fingerprint = row.next;
    if (taken.has(fingerprint)) {
      duplicates.push(row.id);
      fingerprint = duplicateAddress(row.id, row.next);
    }
    taken.add(fingerprint);
    changes.push({ id: row.id, previous: row.previous, fingerprint });
  }
  return { changes, duplicates };
}

/** 64 characters that are not hex (so never a real fingerprint), unique per row. */
function duplicateAddress(id: number, fingerprint: string): string {
  return `duplicate-${id}-${fingerprint}`.slice(0, 64).padEnd(64, '-');
}

async function readUnparseable(repository: FingerprintStoreRepository): Promise<UnparseableSchema[]> {
  return parseReport(await repository.readMetadata(FINGERPRINT_METADATA.unparseable));
}

function parseReport(value: string | undefined): UnparseableSchema[] {
  if (value === undefined) return [];
  const parsed = JSON.parse(value) as unknown;
  return Array.isArray(parsed) ? (parsed as UnparseableSchema[]) : [];
}

function notMigrated(version: number, unparseable: UnparseableSchema[], started: number): FingerprintMigrationReport {
  return {
    fromVersion: version,
    toVersion: version,
    migrated: false,
    schemas: 0,
    changed: 0,
    duplicates: [],
    unparseable,
    approvalsRemapped: 0,
    staleApprovals: 0,
    batches: 0,
    ms: Math.round(performance.now() - started),
  };
}
