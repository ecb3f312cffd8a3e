import type { PrismaClient } from '../generated/prisma/client';
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

  /** Replaces the whole ownership map in one transaction. */
  replaceAll(teams: readonly TeamOwnershipRecord[]): Promise<void> {
    return translateStoreError(async () => {
      await this.prisma.$transaction([
        this.prisma.teamOwnership.deleteMany({}),
        this.prisma.teamOwnership.createMany({ data: [...teams] }),
      ]);
    });
  }
}
