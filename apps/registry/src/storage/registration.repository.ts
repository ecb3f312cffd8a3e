import { errorChain } from '@charter/service-host';
import type { PrismaClient } from '../generated/prisma/client';
import type { NewAuditRecord } from './audit.repository';
import type { SchemaRecord, SubjectVersionRecord } from './registry-records';
import { translateStoreError } from './translate-store-error';

/** What a registration decides on: every version of the subject, and whichever schema already has the content. */
export interface SubjectState {
  versions: SubjectVersionRecord[];
  holder: SchemaRecord | undefined;
}

export interface AppendVersion {
  subject: string;
  /** The highest version number the decision was made on; if it has moved, nothing is written. */
  expectedTop: number;
  version: number;
  /** The schema already holding the content, or undefined to store `content` as a new schema. */
  holderId: number | undefined;
  /** IMPORT mode: the id to store a new schema under. */
  requestedId: number | undefined;
  content: Omit<SchemaRecord, 'id'>;
  /** The audit entry, written by the same statement (the schema id is added to `after`). */
  audit: NewAuditRecord;
}

export type AppendResult =
  | { kind: 'appended'; schemaId: number }
  /** Another registration got there first (the top version moved): decide again on fresh state. */
  | { kind: 'conflict' }
  /** IMPORT mode: the requested id belongs to another schema. */
  | { kind: 'id-taken' };

/**
 * The two queries of a registration. Registrations are optimistic rather than locked: the decision (compatibility,
 * next version) is made on one read, and the write is a single statement that stores the schema if it is new, its
 * references, and the version, only if the subject's top version is still the one decided on. Postgres makes the
 * statement atomic, and the (subject, version) key turns a lost race into a conflict the caller retries. The same
 * statement appends the audit entry, so a registration and its audit row land together or not at all.
 */
export class RegistrationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findSubjectState(subject: string, fingerprint: string): Promise<SubjectState> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<
        Array<{ versions: SubjectVersionRecord[]; holder: SchemaRecord | null }>
      >`
        SELECT
          coalesce(
            (SELECT json_agg(json_build_object('version', version, 'schemaId', schema_id, 'deleted', deleted)
                             ORDER BY version)
             FROM subject_versions WHERE subject = ${subject}),
            '[]'::json) AS versions,
          (SELECT json_build_object('id', id, 'fingerprint', fingerprint, 'schemaType', schema_type, 'schema', schema,
                                    'references', "references", 'metadata', metadata, 'ruleSet', rule_set)
           FROM schemas WHERE fingerprint = ${fingerprint}) AS holder`;
      const row = rows[0]!;
      return { versions: row.versions, holder: row.holder ?? undefined };
    });
  }

  appendVersion(append: AppendVersion): Promise<AppendResult> {
    const { content } = append;
    const references = JSON.stringify(content.references);
    const metadata = content.metadata === null ? null : JSON.stringify(content.metadata);
    const ruleSet = content.ruleSet === null ? null : JSON.stringify(content.ruleSet);
    const holderId = append.holderId ?? null;
    const requestedId = append.requestedId ?? null;
    const { audit } = append;
    const auditBefore = audit.before === null || audit.before === undefined ? null : JSON.stringify(audit.before);
    const auditAfter = JSON.stringify(audit.after ?? {});
    return translateStoreError(async () => {
      try {
        const rows = await this.prisma.$queryRaw<Array<{ schemaId: number }>>`
          WITH ok AS (
            SELECT 1 FROM subject_versions WHERE subject = ${append.subject}
            HAVING coalesce(max(version), 0) = ${append.expectedTop}
          ), new_schema AS (
            INSERT INTO schemas (id, fingerprint, schema_type, schema, "references", metadata, rule_set)
            SELECT coalesce(${requestedId}::int, nextval(pg_get_serial_sequence('schemas', 'id'))::int),
                   ${content.fingerprint}, ${content.schemaType}, ${content.schema}, ${references}::jsonb,
                   ${metadata}::jsonb, ${ruleSet}::jsonb
            WHERE ${holderId}::int IS NULL AND EXISTS (SELECT 1 FROM ok)
            ON CONFLICT (fingerprint) DO UPDATE SET fingerprint = EXCLUDED.fingerprint
            RETURNING id
          ), chosen AS (
            SELECT coalesce((SELECT id FROM new_schema), ${holderId}::int) AS id
          ), refs AS (
            INSERT INTO schema_references (schema_id, name, subject, version)
            SELECT (SELECT id FROM new_schema), r.name, r.subject, r.version
            FROM json_to_recordset(${references}::json) AS r(name text, subject text, version int)
            WHERE EXISTS (SELECT 1 FROM new_schema)
            ON CONFLICT DO NOTHING
          ), superseded AS (
            DELETE FROM subject_versions
            WHERE subject = ${append.subject} AND deleted AND schema_id = (SELECT id FROM chosen)
              AND EXISTS (SELECT 1 FROM ok)
          ), audit AS (
            INSERT INTO audit_log (actor, actor_role, action, target_type, target, outcome, before, after, request_id,
                                   promotion_id)
            SELECT ${audit.actor}, ${audit.actorRole}, ${audit.action}, ${audit.targetType}, ${audit.target},
                   ${audit.outcome}, ${auditBefore}::jsonb,
                   ${auditAfter}::jsonb || jsonb_build_object('id', (SELECT id FROM chosen)), ${audit.requestId},
                   ${audit.promotionId}::uuid
            WHERE EXISTS (SELECT 1 FROM ok)
          )
          INSERT INTO subject_versions (subject, version, schema_id)
          SELECT ${append.subject}, ${append.version}::int, id FROM chosen WHERE EXISTS (SELECT 1 FROM ok)
          RETURNING schema_id AS "schemaId"`;
        const appended = rows[0];
        if (!appended) return { kind: 'conflict' };
        if (requestedId !== null) {
          await this.prisma.$queryRaw`
            SELECT setval(pg_get_serial_sequence('schemas', 'id'), GREATEST((SELECT max(id) FROM schemas), 1))`;
        }
        return { kind: 'appended', schemaId: appended.schemaId };
      } catch (error) {
        const violated = uniqueViolation(error);
        if (violated?.includes('schemas_pkey')) return { kind: 'id-taken' };
        if (violated !== undefined) return { kind: 'conflict' };
        throw error;
      }
    });
  }
}

/** The constraint a unique violation (SQLSTATE 23505) names, if the error is one. */
function uniqueViolation(error: unknown): string | undefined {
  for (const link of errorChain(error)) {
    if (link.originalCode !== '23505' && link.code !== '23505' && link.kind !== 'UniqueConstraintViolation') continue;
    const constraint = link.constraint as { index?: unknown } | string | undefined;
    const name = typeof constraint === 'string' ? constraint : constraint?.index;
    return typeof name === 'string' ? name : String(link.originalMessage ?? link.message ?? '');
  }
  return undefined;
}
