import type { PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

/** The audit entry of a change, made from the row the change wrote; stored in the same transaction. */
export type AuditOf<T> = (row: T) => NewAuditRecord;

/** An API key as stored: the secret only as its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  team: string | null;
  secretHash: string;
  createdBy: string | null;
  createdAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findById(id: string): Promise<ApiKeyRecord | undefined> {
    return translateStoreError(async () => (await this.prisma.apiKey.findUnique({ where: { id } })) ?? undefined);
  }

  list(): Promise<ApiKeyRecord[]> {
    return translateStoreError(() => this.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } }));
  }

  /** Stores a key; with `audit`, its audit entry in the same transaction. */
  insert(
    key: Omit<ApiKeyRecord, 'createdAt' | 'rotatedAt' | 'revokedAt'>,
    audit?: AuditOf<ApiKeyRecord>,
  ): Promise<ApiKeyRecord> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const row = await tx.apiKey.create({ data: key });
        if (audit) await tx.auditEntry.create({ data: auditRow(audit(row)) });
        return row;
      }),
    );
  }

  /**
   * Stores `key` only if no admin key is active, in one statement (replicas starting together make one key):
   * true when it was stored.
   */
  insertFirstAdmin(key: Pick<ApiKeyRecord, 'id' | 'name' | 'secretHash'>): Promise<boolean> {
    return translateStoreError(async () => {
      const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
        INSERT INTO api_keys (id, name, role, secret_hash, created_by)
        SELECT ${key.id}, ${key.name}, 'admin', ${key.secretHash}, 'bootstrap'
        WHERE pg_try_advisory_xact_lock(hashtext('charter:bootstrap-admin'))
          AND NOT EXISTS (SELECT 1 FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL)
        RETURNING id`;
      return rows.length === 1;
    });
  }

  /** A new secret for a live key; undefined when the key does not exist or is revoked. */
  rotate(id: string, secretHash: string, audit: AuditOf<ApiKeyRecord>): Promise<ApiKeyRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const [row] = await tx.apiKey.updateManyAndReturn({
          where: { id, revokedAt: null },
          data: { secretHash, rotatedAt: new Date() },
        });
        if (row) await tx.auditEntry.create({ data: auditRow(audit(row)) });
        return row;
      }),
    );
  }

  /** Marks the key revoked (idempotent: a revoked key keeps its first revocation time, and is audited once). */
  revoke(id: string, audit: AuditOf<ApiKeyRecord>): Promise<ApiKeyRecord | undefined> {
    return translateStoreError(() =>
      this.prisma.$transaction(async (tx) => {
        const [row] = await tx.apiKey.updateManyAndReturn({
          where: { id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        if (row) await tx.auditEntry.create({ data: auditRow(audit(row)) });
        return row ?? (await tx.apiKey.findUnique({ where: { id } })) ?? undefined;
      }),
    );
  }
}
