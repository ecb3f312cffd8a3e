import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

export interface ContractVersionRecord {
  id: string;
  version: string;
  team: string;
  status: string;
  subjects: string[];
  document: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
}

export interface NewContractVersion extends Omit<ContractVersionRecord, 'createdAt'> {
  semver: { major: number; minor: number; patch: number };
}

const NEWEST_FIRST = [{ major: 'desc' }, { minor: 'desc' }, { patch: 'desc' }] as const;

export class ContractRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findVersion(id: string, version: string): Promise<ContractVersionRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.contractVersion.findUnique({ where: { id_version: { id, version } } });
      return row ? toRecord(row) : undefined;
    });
  }

  findLatest(id: string): Promise<ContractVersionRecord | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.contractVersion.findFirst({ where: { id }, orderBy: [...NEWEST_FIRST] });
      return row ? toRecord(row) : undefined;
    });
  }

  listVersions(id: string): Promise<ContractVersionRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.contractVersion.findMany({ where: { id }, orderBy: [...NEWEST_FIRST] });
      return rows.map(toRecord).reverse();
    });
  }

  /** The newest version of every contract, by id. */
  listLatest(): Promise<ContractVersionRecord[]> {
    return translateStoreError(async () => {
      const rows = await this.prisma.contractVersion.findMany({
        distinct: ['id'],
        orderBy: [{ id: 'asc' }, ...NEWEST_FIRST],
      });
      return rows.map(toRecord);
    });
  }

  /** The contract a subject is bound to, if any. */
  findBinding(subject: string): Promise<string | undefined> {
    return translateStoreError(async () => {
      const row = await this.prisma.contractBinding.findUnique({ where: { subject } });
      return row?.contractId;
    });
  }

  findBindings(subjects: readonly string[]): Promise<Array<{ subject: string; contractId: string }>> {
    return translateStoreError(() =>
      this.prisma.contractBinding.findMany({ where: { subject: { in: [...subjects] } } }),
    );
  }

  /** Stores a new version, makes its subjects the contract's bindings and appends the audit entry, in one transaction. */
  insertVersion(contract: NewContractVersion, audit: NewAuditRecord): Promise<ContractVersionRecord> {
    const { semver, ...rest } = contract;
    return translateStoreError(async () => {
      const [row] = await this.prisma.$transaction([
        this.prisma.contractVersion.create({
          data: { ...rest, ...semver, document: rest.document as Prisma.InputJsonValue },
        }),
        this.prisma.contractBinding.deleteMany({ where: { contractId: contract.id } }),
        this.prisma.contractBinding.createMany({
          data: contract.subjects.map((subject) => ({ subject, contractId: contract.id })),
        }),
        this.prisma.auditEntry.create({ data: auditRow(audit) }),
      ]);
      return toRecord(row);
    });
  }
}

function toRecord(row: {
  id: string;
  version: string;
  team: string;
  status: string;
  subjects: string[];
  document: unknown;
  createdBy: string;
  createdAt: Date;
}): ContractVersionRecord {
  return {
    id: row.id,
    version: row.version,
    team: row.team,
    status: row.status,
    subjects: row.subjects,
    document: row.document as Record<string, unknown>,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
