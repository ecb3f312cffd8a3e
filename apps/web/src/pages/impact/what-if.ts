// The what-if's pure half: a candidate schema from a picked change or a paste, read with the schema engine's own
// rules (the registry's parser and change taxonomy, run in the browser), and the field changes lineage judges.
import { diffSchemas } from '@charter/schema/dist/diff/diff-schemas';
import type { SchemaChange } from '@charter/schema/dist/diff/schema-change';
import { SchemaError } from '@charter/schema/dist/errors';
import { type ParsedSchema, parseSchema } from '@charter/schema/dist/parse-schema';

export type SchemaType = 'AVRO' | 'JSON';

/** The changes a user can pick for one field. */
export const FIELD_CHANGES = [
  { id: 'drop', label: 'Drop the field' },
  { id: 'retype', label: 'Change its type' },
  { id: 'rename', label: 'Rename it' },
] as const;
export type FieldChangeId = (typeof FIELD_CHANGES)[number]['id'];

/** What the lineage service is told for a picked change on a dataset (no schema to diff): the taxonomy's kinds. */
export const CHANGE_KIND_OF: Record<FieldChangeId, string> = {
  drop: 'field-removed',
  retype: 'type-changed',
  rename: 'field-renamed',
};

export interface PickedChange {
  field: string;
  change: FieldChangeId;
  /** For `retype`: the new type (an Avro primitive or a JSON Schema type). */
  newType?: string;
  /** For `rename`. */
  newName?: string;
}

/** A schema that does not parse: the engine's code, its message and where (JSON position or schema path). */
export interface SchemaProblem {
  code: string;
  message: string;
  path: string;
}

export type CandidateReading =
  | { ok: true; candidate: ParsedSchema; changes: SchemaChange[]; breaking: SchemaChange[] }
  | { ok: false; problem: SchemaProblem };

function problemOf(error: unknown): SchemaProblem {
  if (error instanceof SchemaError) return { code: error.code, message: error.message, path: error.path };
  return { code: 'invalid-schema', message: (error as Error).message ?? String(error), path: '' };
}

/**
 * Parses with the registry's own rules (Charter's parser, its codes and paths); throws SchemaError. The libraries'
 * second opinion (avsc, ajv) is the registry's to run: neither runs in the browser under the console's CSP.
 */
export function parseWithRegistryRules(schema: string, schemaType: SchemaType): ParsedSchema {
  return parseSchema({ schema, schemaType }, undefined, { checkWithLibraries: false });
}

/**
 * The candidate against the subject's latest schema: its parse problem, or every change by Charter's taxonomy and
 * those that break readers in either direction (what lineage is asked about, as the registry's gate asks it).
 */
export function readCandidate(previous: string, candidate: string, schemaType: SchemaType): CandidateReading {
  let parsedCandidate: ParsedSchema;
  try {
    parsedCandidate = parseWithRegistryRules(candidate, schemaType);
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
  let parsedPrevious: ParsedSchema;
  try {
    parsedPrevious = parseWithRegistryRules(previous, schemaType);
  } catch (error) {
    return { ok: false, problem: { ...problemOf(error), message: `the latest version: ${problemOf(error).message}` } };
  }
  const changes = diffSchemas(parsedPrevious, parsedCandidate);
  const breaking = changes.filter((change) => change.breaking.backward || change.breaking.forward);
  return { ok: true, candidate: parsedCandidate, changes, breaking };
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The top-level fields of a schema: an Avro record's fields or a JSON Schema object's properties. */
export function fieldsOfSchema(schema: string, schemaType: SchemaType): string[] {
  let root: unknown;
  try {
    root = JSON.parse(schema);
  } catch {
    return [];
  }
  if (!isObject(root)) return [];
  if (schemaType === 'AVRO') {
    return Array.isArray(root.fields)
      ? root.fields.flatMap((field) => (isObject(field) && typeof field.name === 'string' ? [field.name] : []))
      : [];
  }
  return isObject(root.properties) ? Object.keys(root.properties) : [];
}

/**
 * The schema with one change applied to a top-level field, as text: what the registry would be sent, so an approval
 * can be asked for exactly it. Throws when the field is not there.
 */
export function applyPickedChange(schema: string, schemaType: SchemaType, picked: PickedChange): string {
  const root = JSON.parse(schema) as JsonObject;
  if (schemaType === 'AVRO') {
    const fields = Array.isArray(root.fields) ? (root.fields as JsonObject[]) : [];
    const index = fields.findIndex((field) => field.name === picked.field);
    if (index < 0) throw new Error(`the schema has no field ${picked.field}`);
    const next = [...fields];
    if (picked.change === 'drop') next.splice(index, 1);
    else if (picked.change === 'retype') next[index] = { ...fields[index], type: picked.newType ?? 'string' };
    else next[index] = { ...fields[index], name: picked.newName ?? `${picked.field}_renamed` };
    return JSON.stringify({ ...root, fields: next }, null, 2);
  }
  const properties = isObject(root.properties) ? root.properties : {};
  if (!(picked.field in properties)) throw new Error(`the schema has no property ${picked.field}`);
  const required = Array.isArray(root.required) ? (root.required as string[]) : undefined;
  const nextProperties: JsonObject = {};
  let nextRequired = required;
  for (const [name, value] of Object.entries(properties)) {
    if (name !== picked.field) nextProperties[name] = value;
    else if (picked.change === 'retype')
      nextProperties[name] = { ...(value as JsonObject), type: picked.newType ?? 'string' };
    else if (picked.change === 'rename') {
      const renamed = picked.newName ?? `${picked.field}_renamed`;
      nextProperties[renamed] = value;
      nextRequired = required?.map((entry) => (entry === name ? renamed : entry));
    } else nextRequired = required?.filter((entry) => entry !== name);
  }
  return JSON.stringify(
    { ...root, properties: nextProperties, ...(nextRequired ? { required: nextRequired } : {}) },
    null,
    2,
  );
}

/** The field changes POST /impact takes for a subject: one per breaking change of a named field. */
export function impactChangesOf(breaking: readonly SchemaChange[]): Array<{ field: string; change: string }> {
  const seen = new Set<string>();
  const changes: Array<{ field: string; change: string }> = [];
  for (const change of breaking) {
    if (change.field === '') continue;
    const key = `${change.field}\u0000${change.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({ field: change.field, change: change.kind });
  }
  return changes;
}

/** Types offered when retyping a field. */
export const RETYPE_TARGETS: Record<SchemaType, string[]> = {
  AVRO: ['string', 'int', 'long', 'float', 'double', 'boolean', 'bytes'],
  JSON: ['string', 'integer', 'number', 'boolean', 'object', 'array'],
};
