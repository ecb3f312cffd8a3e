import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SchemaError, SchemaErrorCode } from '../errors';
import { isJsonObject, parseJsonText, type SchemaLimits, stringifySorted, withSchemaLimits } from '../parse-json-text';
import type { JsonValue, ResolvedReference } from '../types';
import { buildJsonSchemaModel } from './build-model';
import type { JsonSchemaDraft, JsonSchemaNode } from './model';
import { schemaObjects } from './schema-objects';

export interface ParsedJsonSchema {
  schemaType: 'JSON';
  raw: JsonValue;
  draft: JsonSchemaDraft;
  /** Sorted keys, no whitespace: what the fingerprint is computed from. */
  canonical: string;
  references: readonly ResolvedReference[];
  /** The comparison model, built on first use. */
  model(): JsonSchemaNode;
}

const DRAFTS: Record<string, JsonSchemaDraft> = {
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
};

/** Parses and validates a JSON Schema (drafts 7, 2019-09, 2020-12; draft 7 when `$schema` is absent). */
export function parseJsonSchema(
  text: string,
  references: readonly ResolvedReference[] = [],
  limits: SchemaLimits = withSchemaLimits(undefined),
  checkWithLibraries = true,
): ParsedJsonSchema {
  const raw = parseJsonText(text, limits);
  if (!isJsonObject(raw) && typeof raw !== 'boolean') {
    throw new SchemaError(SchemaErrorCode.InvalidJsonSchema, 'a JSON Schema must be an object or a boolean', '');
  }
  const draft = detectDraft(raw);
  const referenced = new Map<string, JsonValue>();
  for (const reference of references) referenced.set(reference.name, parseJsonText(reference.schema, limits));
  checkReferences(raw, referenced);
  checkCounts(raw, limits);
  if (checkWithLibraries) compileWithAjv(raw, draft, referenced);
  let model: JsonSchemaNode | undefined;
  return {
    schemaType: 'JSON',
    raw,
    draft,
    canonical: stringifySorted(raw),
    references,
    model: () => {
      model ??= buildJsonSchemaModel({ draft, root: raw, references: referenced });
      return model;
    },
  };
}

function detectDraft(raw: JsonValue): JsonSchemaDraft {
  if (!isJsonObject(raw) || raw.$schema === undefined) return 'draft-07';
  const declared = typeof raw.$schema === 'string' ? raw.$schema.replace(/#$/, '') : '';
  const draft = DRAFTS[declared];
  if (!draft) {
    throw new SchemaError(
      SchemaErrorCode.UnsupportedDraft,
      `unsupported $schema ${JSON.stringify(raw.$schema)}; supported: draft-07, 2019-09, 2020-12`,
      '/$schema',
    );
  }
  return draft;
}

/**
 * Every `$ref` must point inside the document, at a `$id` it declares, or at a named reference. Anything with a
 * scheme that is none of those would need a network fetch, which Charter never does.
 */
function checkReferences(raw: JsonValue, references: ReadonlyMap<string, JsonValue>): void {
  const ids = new Set<string>();
  const refs: Array<{ ref: string; path: string }> = [];
  for (const document of [raw, ...references.values()]) {
    for (const [value, path] of schemaObjects(document)) {
      if (typeof value.$id === 'string') ids.add(value.$id.replace(/#$/, ''));
      if (typeof value.$ref === 'string') refs.push({ ref: value.$ref, path: `${path}/$ref` });
    }
  }
  for (const { ref, path } of refs) {
    const base = ref.split('#')[0] ?? '';
    if (base === '' || references.has(base) || ids.has(base)) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(base)) {
      throw new SchemaError(
        SchemaErrorCode.RemoteReference,
        `$ref ${JSON.stringify(ref)} would need a network fetch; declare it as a schema reference instead`,
        path,
        { ref },
      );
    }
    // A relative reference resolves against an enclosing $id (ajv checks that below) or must be a named reference.
    if (ids.size === 0) {
      throw new SchemaError(
        SchemaErrorCode.UnresolvedReference,
        `$ref ${JSON.stringify(ref)} names no schema reference`,
        path,
        { ref },
      );
    }
  }
}

/** Keywords holding a list of subschemas, and keywords holding a map of them. */
const SUBSCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems', 'items'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/** Refuses counts no real schema needs (a 422 with its own code), before any comparison grows with them. */
function checkCounts(raw: JsonValue, limits: SchemaLimits): void {
  for (const [node, path] of schemaObjects(raw)) {
    for (const keyword of SUBSCHEMA_MAPS) {
      const map = node[keyword];
      if (isJsonObject(map) && Object.keys(map).length > limits.maxProperties) {
        throw new SchemaError(
          SchemaErrorCode.TooManyProperties,
          `"${keyword}" has ${Object.keys(map).length} entries; the limit is ${limits.maxProperties}`,
          `${path}/${keyword}`,
          { limit: limits.maxProperties },
        );
      }
    }
    for (const keyword of SUBSCHEMA_LISTS) {
      const list = node[keyword];
      if (Array.isArray(list) && list.length > limits.maxUnionBranches) {
        throw new SchemaError(
          SchemaErrorCode.TooManyBranches,
          `"${keyword}" has ${list.length} subschemas; the limit is ${limits.maxUnionBranches}`,
          `${path}/${keyword}`,
          { limit: limits.maxUnionBranches },
        );
      }
    }
    const values = node.enum;
    if (Array.isArray(values) && values.length > limits.maxEnumSymbols) {
      throw new SchemaError(
        SchemaErrorCode.TooManySymbols,
        `"enum" has ${values.length} values; the limit is ${limits.maxEnumSymbols}`,
        `${path}/enum`,
        { limit: limits.maxEnumSymbols },
      );
    }
  }
}

type AjvInstance = InstanceType<typeof Ajv>;

function newAjv(draft: JsonSchemaDraft): AjvInstance {
  const options = { strict: false, allErrors: true, validateFormats: true, loadSchema: undefined } as const;
  const ajv =
    draft === '2020-12' ? new Ajv2020(options) : draft === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  addFormats(ajv);
  return ajv as AjvInstance;
}

/** Creating an Ajv instance compiles its meta-schemas (milliseconds): one per draft is kept for schemas without references. */
const sharedAjv = new Map<JsonSchemaDraft, AjvInstance>();

function compileWithAjv(raw: JsonValue, draft: JsonSchemaDraft, references: ReadonlyMap<string, JsonValue>): void {
  let ajv = references.size === 0 ? sharedAjv.get(draft) : undefined;
  if (!ajv) {
    ajv = newAjv(draft);
    if (references.size === 0) sharedAjv.set(draft, ajv);
  }
  if (!ajv.validateSchema(raw as AnySchema)) {
    const error = (ajv.errors ?? [])[0] as ErrorObject | undefined;
    const path = error?.instancePath || '/';
    throw new SchemaError(
      SchemaErrorCode.InvalidJsonSchema,
      `invalid JSON Schema: ${error?.message ?? 'does not match the meta-schema'}`,
      path,
      {
        violations: (ajv.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message })),
      },
    );
  }
  try {
    for (const [name, schema] of references) {
      const { $id: _ignored, ...withoutId } = isJsonObject(schema) ? schema : {};
      ajv.addSchema((isJsonObject(schema) ? withoutId : schema) as AnySchema, name);
    }
    ajv.compile(raw as AnySchema);
  } catch (error) {
    if (isJsonObject(raw)) ajv.removeSchema(raw as AnySchema);
    const message = (error as Error).message;
    const unresolved = /can't resolve reference (\S+)/.exec(message);
    if (unresolved) {
      throw new SchemaError(SchemaErrorCode.UnresolvedReference, `$ref ${unresolved[1]} cannot be resolved`, '', {
        ref: unresolved[1],
      });
    }
    if (error instanceof RangeError) {
      throw new SchemaError(
        SchemaErrorCode.InvalidJsonSchema,
        'invalid JSON Schema: a chain of $ref loops back on itself with no schema in between (or nests too deep to compile)',
        '',
      );
    }
    throw new SchemaError(SchemaErrorCode.InvalidJsonSchema, `invalid JSON Schema: ${message}`, '');
  }
  // The shared instance must not keep the schema (nor its $id, which a later schema may reuse).
  if (isJsonObject(raw)) ajv.removeSchema(raw as AnySchema);
}
