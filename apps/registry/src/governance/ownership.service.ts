import { isDeepStrictEqual } from 'node:util';
import { findSubjectOwner, type Ownership } from '@charter/contracts';
import type { Actor } from '../auth/principal';
import type { TieredCache } from '../cache/tiered-cache';
import type { OwnershipRepository } from '../storage/ownership.repository';
import { auditEntry } from './audit.service';

export const OWNERSHIP_SCOPE = 'ownership';

/** Which team owns which subjects: `contracts/ownership.yaml`, stored by an admin and cached on every replica. */
export class OwnershipService {
  constructor(
    private readonly repository: OwnershipRepository,
    private readonly cache: TieredCache,
  ) {}

  async get(): Promise<Ownership> {
    const ownership = await this.cache.read<Ownership>('ownership', OWNERSHIP_SCOPE, 'mutable', async () => ({
      teams: (await this.repository.findAll()).map((row) => ({
        name: row.team,
        subjectPrefixes: row.subjectPrefixes,
        members: row.members,
      })),
    }));
    return ownership ?? { teams: [] };
  }

  async ownerOf(subject: string): Promise<string | undefined> {
    return findSubjectOwner(await this.get(), subject);
  }

  /** The owner of each subject (undefined: no team owns it), reading the map once. */
  async ownersOf(subjects: readonly string[]): Promise<Map<string, string | undefined>> {
    const ownership = await this.get();
    return new Map(subjects.map((subject) => [subject, findSubjectOwner(ownership, subject)]));
  }

  /** PUT /ownership: replaces the whole map (the file is the source of truth). */
  async replace(actor: Actor, ownership: Ownership): Promise<Ownership> {
    const before = await this.get();
    const teams = ownership.teams.map((team) => ({
      team: team.name,
      subjectPrefixes: team.subjectPrefixes,
      members: team.members,
    }));
    const after: Ownership = {
      // In the order `get` reads them back (by name), so the same map compares equal.
      teams: teams
        .map((row) => ({ name: row.team, subjectPrefixes: row.subjectPrefixes, members: row.members }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
    // The same map again (every `charter apply` sends it) changes nothing and leaves no audit row.
    if (isDeepStrictEqual(before, after)) return after;
    await this.repository.replaceAll(
      teams,
      auditEntry(actor, { action: 'ownership.replace', targetType: 'ownership', target: '*', before, after }),
    );
    await this.cache.invalidate([OWNERSHIP_SCOPE]);
    return after;
  }
}
