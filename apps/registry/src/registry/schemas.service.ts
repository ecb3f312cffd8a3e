import { SCHEMA_TYPES } from '@charter/schema';
import { RegistryErrors } from '../errors/registry.errors';
import type { RegistryRepository } from '../storage/registry.repository';
import type { RegistryReader } from './registry-reader';
import {
  presentSchemaString,
  presentSubjectSchema,
  type SchemaStringBody,
  type SubjectSchemaBody,
  serializeSchemaString,
} from './schema-presenter';

/** The default and largest page of `GET /schemas`. */
export const MAX_SCHEMAS_PAGE = 10_000;

/** `/schemas`: schemas by id, and the listing of every subject's versions. */
export class SchemasService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly reader: RegistryReader,
  ) {}

  types(): string[] {
    return [...SCHEMA_TYPES];
  }

  /** GET /schemas/ids/{id}: soft-deleted versions still resolve; once no version holds the id, 40403. */
  async getById(id: number, options: { fetchMaxId: boolean }): Promise<SchemaStringBody> {
    const record = await this.reader.schemaById(id);
    if (!record) throw RegistryErrors.schemaNotFound(id);
    const body = presentSchemaString(record);
    return options.fetchMaxId ? { ...body, maxId: await this.repository.maxSchemaId() } : body;
  }

  /** GET /schemas/ids/{id} as JSON text, for the route that serves it without re-serialising. */
  async getSerializedById(id: number): Promise<string> {
    const record = await this.reader.schemaById(id);
    if (!record) throw RegistryErrors.schemaNotFound(id);
    return serializeSchemaString(record);
  }

  async getTextById(id: number): Promise<string> {
    const record = await this.reader.schemaById(id);
    if (!record) throw RegistryErrors.schemaNotFound(id);
    return record.schema;
  }

  /** GET /schemas/ids/{id}/subjects. */
  async subjectsOf(id: number, options: { deleted: boolean; subject: string | undefined }): Promise<string[]> {
    const uses = await this.usesOf(id, options);
    return [...new Set(uses.map(({ subject }) => subject))];
  }

  /** GET /schemas/ids/{id}/versions. */
  async versionsOf(
    id: number,
    options: { deleted: boolean; subject: string | undefined },
  ): Promise<Array<{ subject: string; version: number }>> {
    const uses = await this.usesOf(id, options);
    return uses.map(({ subject, version }) => ({ subject, version }));
  }

  /** GET /schemas: every subject's versions in subject then version order, paged. */
  async list(options: {
    subjectPrefix: string;
    deleted: boolean;
    latestOnly: boolean;
    offset: number;
    limit: number;
  }): Promise<SubjectSchemaBody[]> {
    const limit = options.limit <= 0 || options.limit > MAX_SCHEMAS_PAGE ? MAX_SCHEMAS_PAGE : options.limit;
    const rows = await this.repository.listSchemas({
      subjectPrefix: options.subjectPrefix,
      includeDeleted: options.deleted,
      latestOnly: options.latestOnly,
      offset: Math.max(0, options.offset),
      limit,
    });
    return rows.map((row) => presentSubjectSchema(row.subject, row.version, row));
  }

  private async usesOf(id: number, options: { deleted: boolean; subject: string | undefined }) {
    const uses = await this.repository.findSchemaUses(id);
    if (uses.length === 0) throw RegistryErrors.schemaNotFound();
    return uses.filter(
      ({ subject, deleted }) =>
        (options.deleted || !deleted) && (options.subject === undefined || subject === options.subject),
    );
  }
}
