import type { Actor } from '../auth/principal';
import { CacheScope } from '../cache/cache-scope';
import { RegistryErrors } from '../errors/registry.errors';
import { auditEntry } from '../governance/audit.service';
import type { RegistryRepository } from '../storage/registry.repository';
import type { SchemaRecord, SubjectVersionRecord } from '../storage/registry-records';
import type { KeyedMutex } from './keyed-mutex';
import type { RegistryReader } from './registry-reader';
import { isReadOnly } from './registry-settings';
import type { SchemaPreparer } from './schema-preparer';
import { presentSubjectSchema, type SubjectSchemaBody } from './schema-presenter';
import type { SchemaRequest } from './schema-request';
import type { SettingsService } from './settings.service';
import { contentOf, findByFingerprint } from './subject-content';
import { LATEST_VERSION, parseVersionId } from './version-id';

/** Subjects and their versions: list, read, look up, delete (registration is {@link RegistrationService}). */
export class SubjectsService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly subjectLocks: KeyedMutex,
  ) {}

  /** GET /subjects: a subject is deleted when every version is; `deletedOnly` wins over `deleted`. */
  async listSubjects(options: { prefix: string; deleted: boolean; deletedOnly: boolean }): Promise<string[]> {
    const subjects = await this.repository.listSubjects(options.prefix);
    return subjects
      .filter(({ isDeleted }) => (options.deletedOnly ? isDeleted : options.deleted || !isDeleted))
      .map(({ subject }) => subject);
  }

  async listVersions(subject: string, options: { deleted: boolean; deletedOnly: boolean }): Promise<number[]> {
    const versions = await this.reader.subjectVersions(subject);
    const visible = versions.filter(({ deleted }) =>
      options.deletedOnly ? deleted : options.deleted ? true : !deleted,
    );
    if (visible.length === 0) throw RegistryErrors.subjectNotFound(subject);
    return visible.map(({ version }) => version);
  }

  async getVersion(subject: string, versionText: string, options: { deleted: boolean }): Promise<SubjectSchemaBody> {
    const { version, record } = await this.resolveVersion(subject, versionText, options.deleted);
    return presentSubjectSchema(subject, version.version, record);
  }

  /** GET …/versions/{v}/referencedby: ids of schemas referring to that version (soft-deleted targets included). */
  async referencedBy(subject: string, versionText: string): Promise<number[]> {
    const { version } = await this.resolveVersion(subject, versionText, true);
    return this.repository.findReferencingSchemaIds(subject, version.version);
  }

  /** POST /subjects/{s}: the version of this subject holding the given schema. */
  async lookup(
    subject: string,
    request: SchemaRequest,
    options: { normalize: boolean; deleted: boolean },
  ): Promise<SubjectSchemaBody> {
    if (request.schema === undefined) throw RegistryErrors.invalidSchema('Empty schema');
    const versions = await this.reader.subjectVersions(subject);
    const visible = versions.filter(({ deleted }) => options.deleted || !deleted);
    if (visible.length === 0) throw RegistryErrors.subjectNotFound(subject);
    const settings = await this.settings.effective(subject);
    const prepared = await this.preparer.prepare(contentOf(request), {
      normalize: options.normalize || settings.normalize,
    });
    const found = await findByFingerprint(this.reader, visible, prepared.fingerprint);
    if (!found) throw RegistryErrors.schemaNotFound();
    return presentSubjectSchema(subject, found.version.version, found.record);
  }

  /** DELETE /subjects/{s}/versions/{v}: soft by default; `permanent` only after a soft delete. */
  async deleteVersion(actor: Actor, subject: string, versionText: string, permanent: boolean): Promise<number> {
    const requested = parseVersionId(versionText);
    const settings = await this.settings.effective(subject);
    const deleted = await this.subjectLocks.run(subject, () =>
      this.repository.withSubjectLock(subject, async (writer) => {
        const versions = await writer.findSubjectVersions(subject);
        const target =
          requested === LATEST_VERSION
            ? versions.filter(({ deleted }) => !deleted).at(-1)
            : versions.find(({ version }) => version === requested);
        if (target && !permanent && target.deleted) throw RegistryErrors.versionSoftDeleted(subject, versionText);
        if (!target) {
          throw versions.length === 0
            ? RegistryErrors.subjectNotFound(subject)
            : RegistryErrors.versionNotFound(requested);
        }
        if (isReadOnly(settings.mode)) throw RegistryErrors.readOnly(subject);
        const referencedBy = await writer.findReferencingSchemaIds(subject, target.version);
        if (referencedBy.length > 0) throw RegistryErrors.referenceExists(subject, target.version, referencedBy);
        if (permanent && !target.deleted) throw RegistryErrors.versionNotSoftDeleted(subject, versionText);
        if (permanent) {
          await writer.deleteVersions(subject, [target.version]);
          if (versions.length === 1) await writer.deleteSetting(subject);
        } else {
          await writer.markVersionsDeleted(subject, [target.version]);
        }
        await writer.appendAudit(
          auditEntry(actor, {
            action: permanent ? 'version.delete-permanent' : 'version.delete',
            targetType: 'subject',
            target: subject,
            before: { version: target.version, schemaId: target.schemaId, deleted: target.deleted },
            after: permanent ? null : { version: target.version, deleted: true },
          }),
        );
        return target;
      }),
    );
    await this.reader.invalidate(
      permanent
        ? [CacheScope.subject(subject), CacheScope.settings(subject), CacheScope.schema(deleted.schemaId)]
        : [CacheScope.subject(subject)],
    );
    return deleted.version;
  }

  /** DELETE /subjects/{s}: soft-deletes every live version, or (permanent) removes every soft-deleted one. */
  async deleteSubject(actor: Actor, subject: string, permanent: boolean): Promise<number[]> {
    const settings = await this.settings.effective(subject);
    const removed = await this.subjectLocks.run(subject, () =>
      this.repository.withSubjectLock(subject, async (writer) => {
        const versions = await writer.findSubjectVersions(subject);
        if (versions.length === 0) throw RegistryErrors.subjectNotFound(subject);
        const live = versions.filter(({ deleted }) => !deleted);
        if (!permanent && live.length === 0) throw RegistryErrors.subjectSoftDeleted(subject);
        if (isReadOnly(settings.mode)) throw RegistryErrors.readOnly(subject);
        const inScope = permanent ? versions : live;
        for (const version of inScope) {
          const referencedBy = await writer.findReferencingSchemaIds(subject, version.version);
          if (referencedBy.length > 0) throw RegistryErrors.referenceExists(subject, version.version, referencedBy);
        }
        if (permanent && live.length > 0) throw RegistryErrors.subjectNotSoftDeleted(subject);
        const numbers = inScope.map(({ version }) => version);
        if (permanent) {
          await writer.deleteVersions(subject, numbers);
          await writer.deleteSetting(subject);
        } else {
          await writer.markVersionsDeleted(subject, numbers);
        }
        await writer.appendAudit(
          auditEntry(actor, {
            action: permanent ? 'subject.delete-permanent' : 'subject.delete',
            targetType: 'subject',
            target: subject,
            before: { versions: numbers },
            after: permanent ? null : { versions: numbers, deleted: true },
          }),
        );
        return inScope;
      }),
    );
    const scopes = [CacheScope.subject(subject)];
    if (permanent) {
      scopes.push(CacheScope.settings(subject));
      for (const version of removed) scopes.push(CacheScope.schema(version.schemaId));
    }
    await this.reader.invalidate(scopes);
    return removed.map(({ version }) => version);
  }

  private async resolveVersion(
    subject: string,
    versionText: string,
    includeDeleted: boolean,
  ): Promise<{ version: SubjectVersionRecord; record: SchemaRecord }> {
    const requested = parseVersionId(versionText);
    const versions = await this.reader.subjectVersions(subject);
    const visible = includeDeleted ? versions : versions.filter(({ deleted }) => !deleted);
    if (visible.length === 0) throw RegistryErrors.subjectNotFound(subject);
    const version =
      requested === LATEST_VERSION
        ? versions.filter(({ deleted }) => !deleted).at(-1)
        : visible.find(({ version: number }) => number === requested);
    const record = version ? await this.reader.schemaById(version.schemaId) : undefined;
    if (!version || !record) throw RegistryErrors.versionNotFound(requested);
    return { version, record };
  }
}
