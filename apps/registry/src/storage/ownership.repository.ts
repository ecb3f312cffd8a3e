import type { PrismaClient } from '../generated/prisma/client';
import { auditRow, type NewAuditRecord } from './audit.repository';
import { translateStoreError } from './translate-store-error';

export interface TeamOwnershipRecord {
  team: string;
  subjectPrefixes: string[];
  members: string[];
}

export class OwnershipRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findAll(): Promise<TeamOwnershipRecord[]> {
    return translateStoreError(() =>
      this.prisma.teamOwnership.findMany({
        orderBy: { team: 'asc' },
        select: { team: true, subjectPrefixes: true, members: true },
      }),
    );
  }

  /** Replaces the whole ownership map, with its audit entry, in one transaction. */
  replaceAll(teams: readonly TeamOwnershipRecord[], audit: NewAuditRecord): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.$transaction([
        this.prisma.teamOwnership.deleteMany({}),
        this.prisma.teamOwnership.createMany({ data: [...teams] }),
        this.prisma.auditEntry.create({ data: auditRow(audit) }),
      ]);
    });
  }
}
