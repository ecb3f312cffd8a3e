import { CacheScope } from '../cache/cache-scope';
import { estimateBytes } from '../cache/estimate-bytes';
import type { TieredCache } from '../cache/tiered-cache';
import type { RegistryRepository } from '../storage/registry.repository';
import type { SchemaRecord, SubjectSettingRecord, SubjectVersionRecord } from '../storage/registry-records';

/** Reads the registry serves most, through the tiered cache. Writes go to the repository and then invalidate. */
export class RegistryReader {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly cache: TieredCache,
  ) {}

  /** A schema by id while any version (live or soft-deleted) holds it. */
  schemaById(id: number): Promise<SchemaRecord | undefined> {
    return this.cache.read(
      `schema:${id}`,
      CacheScope.schema(id),
      'immutable',
      () => this.repository.findSchemaById(id),
      // The record, and the JSON body the hot read keeps beside it (its text again, escaped).
      (record) => estimateBytes(record) + 2 * 2 * ((record as SchemaRecord).schema.length + 64),
    );
  }

  /** Every version of a subject, soft-deleted included, oldest first; empty when the subject has none. */
  async subjectVersions(subject: string): Promise<SubjectVersionRecord[]> {
    const versions = await this.cache.read(`versions:${subject}`, CacheScope.subject(subject), 'mutable', () =>
      this.repository.findSubjectVersions(subject),
    );
    return versions ?? [];
  }

  /** The subject's versions if a cache tier holds them (registration's shortcut for content already registered). */
  cachedSubjectVersions(subject: string): Promise<SubjectVersionRecord[] | undefined> {
    return this.cache.peek(`versions:${subject}`, CacheScope.subject(subject));
  }

  /** A subject's settings row (or the global one, for `undefined`); a missing row reads as nothing set. */
  async setting(subject: string | undefined): Promise<SubjectSettingRecord> {
    const scope = subject === undefined ? CacheScope.global : CacheScope.settings(subject);
    const key = subject === undefined ? 'setting-global' : `setting:${subject}`;
    const setting = await this.cache.read(key, scope, 'mutable', async () => {
      return (await this.repository.findSetting(subject)) ?? { config: null, mode: null };
    });
    return setting ?? { config: null, mode: null };
  }

  invalidate(scopes: readonly string[]): Promise<void> {
    return this.cache.invalidate(scopes);
  }
}
