import * as avsc from 'avsc';
import { SchemaError, SchemaErrorCode } from '../errors';
import { parseJsonText, type SchemaLimits, withSchemaLimits } from '../parse-json-text';
import type { JsonValue, ResolvedReference } from '../types';
import { type AvroNameRegistry, type AvroNode, buildAvroAst } from './avro-ast';
import { toAvroContentForm, toParsingCanonicalForm } from './canonical-avro';

export interface ParsedAvroSchema {
  schemaType: 'AVRO';
  /** The schema's JSON, read again from its text when asked for (a parsed form kept in a cache stays compact). */
  readonly raw: JsonValue;
  root: AvroNode;
  /** Charter's content form: what the fingerprint is computed from, and what `normalize=true` stores. */
  canonical: string;
  /** Avro's Parsing Canonical Form (drops docs, defaults and aliases), written when asked for. */
  readonly parsingCanonicalForm: string;
  references: readonly ResolvedReference[];
}

/**
 * Parses and validates an Avro schema. Referenced schemas (Confluent `references`) are parsed first, in order, and
 * their named types are visible to the schema by full name, as Confluent resolves them.
 */
export function parseAvroSchema(
  text: string,
  references: readonly ResolvedReference[] = [],
  limits: SchemaLimits = withSchemaLimits(undefined),
  checkWithLibraries = true,
): ParsedAvroSchema {
  const names: AvroNameRegistry = new Map();
  const avscRegistry: Record<string, avsc.Type> = {};
  for (const reference of references) {
    try {
      const rawReference = parseJsonText(reference.schema, limits);
      buildAvroAst(rawReference, names, limits);
      if (checkWithLibraries) checkWithAvsc(rawReference, avscRegistry);
    } catch (error) {
      if (error instanceof SchemaError) {
        throw new SchemaError(error.code, `referenced schema "${reference.name}": ${error.message}`, '', {
          reference: reference.name,
        });
      }
      throw error;
    }
  }
  const raw = parseJsonText(text, limits);
  const fromReferences = [...names.keys()];
  const root = buildAvroAst(raw, names, limits);
  if (checkWithLibraries) checkWithAvsc(raw, avscRegistry);
  return {
    schemaType: 'AVRO',
    // Only the text is kept: the JSON tree is most of a parsed schema's size, and only a new schema's caller needs it.
    get raw() {
      return JSON.parse(text) as JsonValue;
    },
    root,
    canonical: toAvroContentForm(root, fromReferences),
    get parsingCanonicalForm() {
      return toParsingCanonicalForm(root);
    },
    references,
  };
}

/** A second opinion from avsc, the Avro implementation the runtime uses: anything it refuses is refused here too. */
function checkWithAvsc(raw: JsonValue, registry: Record<string, avsc.Type>): void {
  try {
    avsc.Type.forSchema(raw as avsc.Schema, { registry, wrapUnions: 'auto' });
  } catch (error) {
    throw new SchemaError(SchemaErrorCode.InvalidAvro, `invalid Avro schema: ${(error as Error).message}`, '/');
  }
}
