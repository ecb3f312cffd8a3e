import type { SchemaType } from '@charter/schema';

/** A reference from one schema to a version of another subject, as Confluent's API carries it. */
export interface SchemaReferenceRecord {
  name: string;
  subject: string;
  version: number;
}

/** One schema content, shared by every subject version that holds it. */
export interface SchemaRecord {
  id: number;
  fingerprint: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReferenceRecord[];
  metadata: Record<string, unknown> | null;
  ruleSet: Record<string, unknown> | null;
}

export interface SubjectVersionRecord {
  version: number;
  schemaId: number;
  deleted: boolean;
}

export interface SchemaUseRecord {
  subject: string;
  version: number;
  deleted: boolean;
}

/** A subject's settings row; `config` null means "not set here" (fall back to the global one). */
export interface SubjectSettingRecord {
  config: Record<string, unknown> | null;
  mode: string | null;
}

export interface ListSchemasQuery {
  subjectPrefix: string;
  includeDeleted: boolean;
  latestOnly: boolean;
  offset: number;
  limit: number;
}

export interface ListedSchemaRecord extends SchemaRecord {
  subject: string;
  version: number;
}

/** The scope name of the global settings row: a name Confluent reserves, so no subject can take it. */
export const GLOBAL_SETTINGS_SUBJECT = '__GLOBAL';
