import { CacheScope } from '../cache/cache-scope';
import { RegistryErrors } from '../errors/registry.errors';
import type { RegistryRepository, SubjectWriter } from '../storage/registry.repository';
import type { SchemaRecord, SubjectVersionRecord } from '../storage/registry-records';
import type { CompatibilityMetrics } from './compatibility.service';
import { checkAgainstVersions } from './compatibility-check';
import type { KeyedMutex } from './keyed-mutex';
import type { RegistryReader } from './registry-reader';
import { type EffectiveSettings, isReadOnly } from './registry-settings';
import type { PreparedSchema, SchemaContent, SchemaPreparer } from './schema-preparer';
import { presentSubjectSchema, type SubjectSchemaBody } from './schema-presenter';
import { readSchemaRequest, type SchemaRequest } from './schema-request';
import type { SettingsService } from './settings.service';
import { assertValidSubject } from './subject-name';
import { LATEST_VERSION, parseVersionId } from './version-id';

export interface RegisterOutcome {
  body: SubjectSchemaBody;
  /** False when the schema was already a live version of the subject (nothing written). */
  isNew: boolean;
}

/** Subjects and their versions: list, read, look up, register, delete. */
export class SubjectsService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly reader: RegistryReader,
    private readonly preparer: SchemaPreparer,
    private readonly settings: SettingsService,
    private readonly subjectLocks: KeyedMutex,
    private readonly metrics: CompatibilityMetrics,
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
    body: unknown,
    options: { normalize: boolean; deleted: boolean },
  ): Promise<SubjectSchemaBody> {
    const request = readSchemaRequest(body);
    if (request.schema === undefined) throw RegistryErrors.invalidSchema('Empty schema');
    const versions = await this.reader.subjectVersions(subject);
    const visible = versions.filter(({ deleted }) => options.deleted || !deleted);
    if (visible.length === 0) throw RegistryErrors.subjectNotFound(subject);
    const settings = await this.settings.effective(subject);
    const prepared = await this.preparer.prepare(contentOf(request), {
      normalize: options.normalize || settings.normalize,
    });
    const found = await this.findByFingerprint(visible, prepared.fingerprint);
    if (!found) throw RegistryErrors.schemaNotFound();
    return presentSubjectSchema(subject, found.version.version, found.record);
  }

  /**
   * POST /subjects/{s}/versions. The same content already live under the subject returns its id and version and
   * writes nothing. Otherwise, under the subject's lock: the mode is checked, the candidate is checked against
   * the live versions at the subject's level, the content gets its id (existing or new) and the next version
   * (one above every version ever kept, soft-deleted included), all in one transaction.
   */
  async register(subject: string, body: unknown, options: { normalize: boolean }): Promise<RegisterOutcome> {
    assertValidSubject(subject);
    const request = readSchemaRequest(body);
    const settings = await this.settings.effective(subject);
    assertRegisterMode(subject, settings, request);
    const content = request.schema === undefined ? await this.latestContent(subject, request) : contentOf(request);
    const prepared = await this.preparer.prepare(content, { normalize: options.normalize || settings.normalize });

    if (request.id === undefined && request.version === undefined) {
      const live = (await this.reader.subjectVersions(subject)).filter(({ deleted }) => !deleted);
      const existing = await this.findByFingerprint(live, prepared.fingerprint);
      if (existing) {
        return { body: presentSubjectSchema(subject, existing.version.version, existing.record), isNew: false };
      }
    }

    const outcome = await this.subjectLocks.run(subject, () =>
      this.repository.withSubjectLock(subject, (writer) =>
        this.registerLocked(writer, subject, request, prepared, settings),
      ),
    );
    if (outcome.isNew) await this.reader.invalidate([CacheScope.subject(subject)]);
    return outcome;
  }

  /** DELETE /subjects/{s}/versions/{v}: soft by default; `permanent` only after a soft delete. */
  async deleteVersion(subject: string, versionText: string, permanent: boolean): Promise<number> {
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
        if (isReadOnly(settings.mode)) throw readOnlyError(subject);
        const referencedBy = await writer.findReferencingSchemaIds(subject, target.version);
        if (referencedBy.length > 0) throw RegistryErrors.referenceExists(subject, target.version, referencedBy);
        if (permanent && !target.deleted) throw RegistryErrors.versionNotSoftDeleted(subject, versionText);
        if (permanent) {
          await writer.deleteVersions(subject, [target.version]);
          if (versions.length === 1) await writer.deleteSetting(subject);
        } else {
          await writer.markVersionsDeleted(subject, [target.version]);
        }
        return target;
      }),
    );
    await this.reader.invalidate(
      permanent ? [CacheScope.subject(subject), CacheScope.schema(deleted.schemaId)] : [CacheScope.subject(subject)],
    );
    return deleted.version;
  }

  /** DELETE /subjects/{s}: soft-deletes every live version, or (permanent) removes every soft-deleted one. */
  async deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    const settings = await this.settings.effective(subject);
    const removed = await this.subjectLocks.run(subject, () =>
      this.repository.withSubjectLock(subject, async (writer) => {
        const versions = await writer.findSubjectVersions(subject);
        if (versions.length === 0) throw RegistryErrors.subjectNotFound(subject);
        const live = versions.filter(({ deleted }) => !deleted);
        if (!permanent && live.length === 0) throw RegistryErrors.subjectSoftDeleted(subject);
        if (isReadOnly(settings.mode)) throw readOnlyError(subject);
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
        return inScope;
      }),
    );
    const scopes = [CacheScope.subject(subject)];
    if (permanent) for (const version of removed) scopes.push(CacheScope.schema(version.schemaId));
    await this.reader.invalidate(scopes);
    return removed.map(({ version }) => version);
  }

  private async registerLocked(
    writer: SubjectWriter,
    subject: string,
    request: SchemaRequest,
    prepared: PreparedSchema,
    settings: EffectiveSettings,
  ): Promise<RegisterOutcome> {
    const versions = await writer.findSubjectVersions(subject);
    const holder = await writer.findSchemaByFingerprint(prepared.fingerprint);
    const live = versions.filter(({ deleted }) => !deleted);
    if (holder && (request.id === undefined || request.id === holder.id)) {
      const existing = live.find(({ schemaId }) => schemaId === holder.id);
      if (existing && (request.version === undefined || request.version === existing.version)) {
        return { body: presentSubjectSchema(subject, existing.version, holder), isNew: false };
      }
    }

    const nextVersion = (versions.at(-1)?.version ?? 0) + 1;
    const isImport = settings.mode === 'IMPORT';
    const version = request.version ?? nextVersion;
    if (isImport) {
      if (versions.some((existing) => existing.version === version)) {
        throw RegistryErrors.operationNotPermitted(
          `Version ${version} of subject ${subject} already exists; importing over it is not permitted`,
        );
      }
    } else {
      if (version !== nextVersion) throw RegistryErrors.invalidSchema('Version is not one more than previous version');
      const verdict = await checkAgainstVersions({
        candidate: prepared,
        versions: live,
        level: settings.compatibility,
        compatibilityGroup: settings.compatibilityGroup,
        reader: this.reader,
        preparer: this.preparer,
      });
      this.metrics.checked('register', verdict.isCompatible ? 'compatible' : 'incompatible');
      if (!verdict.isCompatible) {
        throw RegistryErrors.incompatibleSchema(subject, verdict.messages, {
          level: verdict.level,
          incompatibilities: verdict.result.incompatibilities,
        });
      }
    }

    const schemaId = await this.storeContent(writer, prepared, holder, request.id);
    // A soft-deleted version holding the same schema is superseded by the new one (Confluent removes it).
    const superseded = versions.filter(({ deleted, schemaId: id }) => deleted && id === schemaId);
    if (superseded.length > 0) {
      await writer.deleteVersions(
        subject,
        superseded.map(({ version: number }) => number),
      );
    }
    await writer.insertVersion(subject, version, schemaId);
    const record: SchemaRecord = {
      id: schemaId,
      fingerprint: prepared.fingerprint,
      schemaType: prepared.schemaType,
      schema: holder?.schema ?? prepared.text,
      references: holder?.references ?? prepared.references,
      metadata: prepared.metadata,
      ruleSet: prepared.ruleSet,
    };
    return { body: presentSubjectSchema(subject, version, record), isNew: true };
  }

  /** The id for the content: the one already holding it, a new one, or (IMPORT) the one asked for. */
  private async storeContent(
    writer: SubjectWriter,
    prepared: PreparedSchema,
    holder: SchemaRecord | undefined,
    requestedId: number | undefined,
  ): Promise<number> {
    const content = {
      fingerprint: prepared.fingerprint,
      schemaType: prepared.schemaType,
      schema: prepared.text,
      references: prepared.references,
      metadata: prepared.metadata,
      ruleSet: prepared.ruleSet,
    };
    if (requestedId === undefined) return holder ? holder.id : (await writer.insertSchema(content)).id;
    if (holder && holder.id !== requestedId) throw RegistryErrors.idDoesNotMatch(holder.id, requestedId);
    if (holder) return holder.id;
    const stored = await writer.insertSchema({ ...content, id: requestedId });
    if (stored.id !== requestedId) {
      throw RegistryErrors.operationNotPermitted(
        `Overwrite new schema with id ${requestedId} in context  is not permitted.`,
      );
    }
    return stored.id;
  }

  /** A register request without schema text re-registers the latest live content (to change metadata/rules). */
  private async latestContent(subject: string, request: SchemaRequest): Promise<SchemaContent> {
    const latest = (await this.reader.subjectVersions(subject)).filter(({ deleted }) => !deleted).at(-1);
    const record = latest ? await this.reader.schemaById(latest.schemaId) : undefined;
    if (!record) throw RegistryErrors.invalidSchema('Empty schema');
    return {
      schemaType: record.schemaType,
      schema: record.schema,
      references: record.references,
      metadata: request.metadata ?? record.metadata,
      ruleSet: request.ruleSet ?? record.ruleSet,
    };
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

  /** The newest of `versions` whose schema has this fingerprint. */
  private async findByFingerprint(
    versions: readonly SubjectVersionRecord[],
    fingerprint: string,
  ): Promise<{ version: SubjectVersionRecord; record: SchemaRecord } | undefined> {
    for (let index = versions.length - 1; index >= 0; index--) {
      const version = versions[index]!;
      const record = await this.reader.schemaById(version.schemaId);
      if (record?.fingerprint === fingerprint) return { version, record };
    }
    return undefined;
  }
}

function contentOf(request: SchemaRequest): SchemaContent {
  return {
    schemaType: request.schemaType,
    schema: request.schema ?? '',
    references: request.references,
    metadata: request.metadata,
    ruleSet: request.ruleSet,
  };
}

function assertRegisterMode(subject: string, settings: EffectiveSettings, request: SchemaRequest): void {
  if (isReadOnly(settings.mode)) throw readOnlyError(subject);
  if (request.id !== undefined && settings.mode !== 'IMPORT') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in import mode`);
  }
  if (request.id === undefined && settings.mode !== 'READWRITE') {
    throw RegistryErrors.operationNotPermitted(`Subject ${subject} is not in read-write mode`);
  }
}

function readOnlyError(subject: string) {
  return RegistryErrors.operationNotPermitted(`Subject ${subject} is in read-only mode`);
}
