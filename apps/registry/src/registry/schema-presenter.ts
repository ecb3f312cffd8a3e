import type { SchemaRecord } from '../storage/registry-records';

/** `/schemas/ids/{id}`'s body: Confluent leaves out `schemaType` for AVRO and empty or null fields. */
export interface SchemaStringBody {
  schema: string;
  schemaType?: string;
  references?: SchemaRecord['references'];
  metadata?: Record<string, unknown>;
  ruleSet?: Record<string, unknown>;
  maxId?: number;
}

/** A subject version's body (GET version, lookup, register, `GET /schemas`). */
export interface SubjectSchemaBody {
  subject: string;
  version: number;
  id: number;
  schemaType?: string;
  references?: SchemaRecord['references'];
  metadata?: Record<string, unknown>;
  ruleSet?: Record<string, unknown>;
  schema: string;
}

export function presentSchemaString(record: SchemaRecord): SchemaStringBody {
  const body: SchemaStringBody = { schema: record.schema };
  if (record.schemaType !== 'AVRO') body.schemaType = record.schemaType;
  if (record.references.length > 0) body.references = record.references;
  if (record.metadata !== null) body.metadata = record.metadata;
  if (record.ruleSet !== null) body.ruleSet = record.ruleSet;
  return body;
}

export function presentSubjectSchema(subject: string, version: number, record: SchemaRecord): SubjectSchemaBody {
  const body: SubjectSchemaBody = { subject, version, id: record.id, schema: record.schema };
  if (record.schemaType !== 'AVRO') body.schemaType = record.schemaType;
  if (record.references.length > 0) body.references = record.references;
  if (record.metadata !== null) body.metadata = record.metadata;
  if (record.ruleSet !== null) body.ruleSet = record.ruleSet;
  return body;
}

/** Serialised bodies of records held by the cache (records are immutable, so the text never goes stale). */
const serializedSchemaStrings = new WeakMap<SchemaRecord, string>();

/** `presentSchemaString` as JSON text, computed once per cached record: the hottest response of all. */
export function serializeSchemaString(record: SchemaRecord): string {
  let text = serializedSchemaStrings.get(record);
  if (text === undefined) {
    text = JSON.stringify(presentSchemaString(record));
    serializedSchemaStrings.set(record, text);
  }
  return text;
}
