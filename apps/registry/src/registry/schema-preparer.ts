import { createHash } from 'node:crypto';
import { isDomainError } from '@charter/errors';
import {
  fingerprintSchema,
  type JsonValue,
  type ParsedSchema,
  parseSchema,
  type ResolvedReference,
  SCHEMA_TYPES,
  SchemaError,
  SchemaErrorCode,
  type SchemaInput,
  type SchemaLimits,
  type SchemaType,
  stringifySorted,
} from '@charter/schema';
import { LRUCache } from 'lru-cache';
import { RegistryErrors } from '../errors/registry.errors';
import { RegistryErrorCode } from '../errors/registry-error-code';
import type { SchemaRecord, SchemaReferenceRecord, SubjectVersionRecord } from '../storage/registry-records';
import { assertValidRuleSet } from './rule-set';
import type { SchemaVerifier } from './schema-verifier';
import { LATEST_VERSION } from './version-id';

/** How deep references may chain (a → b → c …) before the schema is refused. */
const MAX_REFERENCE_DEPTH = 32;

export interface SchemaContent {
  schemaType: string;
  schema: string;
  references: readonly SchemaReferenceRecord[];
  metadata: Record<string, unknown> | null;
  ruleSet: Record<string, unknown> | null;
}

/** Where referenced schemas are read from: the registry's cached reader, or (migrating) the database itself. */
export interface SchemaLookup {
  subjectVersions(subject: string): Promise<SubjectVersionRecord[]>;
  schemaById(id: number): Promise<SchemaRecord | undefined>;
}

/** A schema ready to store or compare: parsed, its references pinned to versions, and its content address. */
export interface PreparedSchema {
  schemaType: SchemaType;
  parsed: ParsedSchema;
  /** The text to store: the registered text compacted, or the canonical form when normalizing. */
  text: string;
  references: SchemaReferenceRecord[];
  metadata: Record<string, unknown> | null;
  ruleSet: Record<string, unknown> | null;
  fingerprint: string;
}

/**
 * Turns request content into a {@link PreparedSchema}: resolves references against the registry (never the
 * network), parses with the registry's size and depth limits, and computes the content address (type, canonical
 * form, references, metadata, rule set). Parsed stored schemas are kept by id, since their content never changes.
 */
export interface SchemaPreparerOptions {
  /** Verifies large candidates off the event loop (the runtime libraries' checks); without it, inline. */
  verifier?: SchemaVerifier;
  /** Candidates at least this long (characters) go to the verifier. */
  verifyOffThreadFrom?: number;
  /** At most this many references per schema (direct and transitive). */
  maxReferences?: number;
  /** Parsed stored schemas kept by id: at most this many, and at most this many (estimated) bytes. */
  maxParsed?: number;
  maxParsedBytes?: number;
}

/**
 * Estimated heap of a parsed schema per character of its text (measured: an Avro schema's model and content form
 * take ~3.7 bytes a character; JSON Schema's model more): an upper estimate, so the budget holds.
 */
const PARSED_BYTES_PER_CHARACTER = 8;

export class SchemaPreparer {
  private readonly parsedById: LRUCache<number, ParsedSchema>;
  private readonly maxReferences: number;

  constructor(
    private readonly reader: SchemaLookup,
    private readonly limits: Partial<SchemaLimits>,
    private readonly options: SchemaPreparerOptions = {},
  ) {
    this.parsedById = new LRUCache({
      max: options.maxParsed ?? 10_000,
      ...(options.maxParsedBytes === undefined
        ? {}
        : {
            maxSize: options.maxParsedBytes,
            sizeCalculation: (parsed: ParsedSchema) =>
              Math.max(1, 1_024 + PARSED_BYTES_PER_CHARACTER * parsed.canonical.length),
          }),
    });
    this.maxReferences = options.maxReferences ?? 100;
  }

  async prepare(content: SchemaContent, options: { normalize: boolean }): Promise<PreparedSchema> {
    const schemaType = readSchemaType(content.schemaType);
    assertValidRuleSet(content.ruleSet);
    if (content.references.length > this.maxReferences) throw this.tooManyReferences(content.references.length);
    const references = await this.pinReferences(content.references);
    const resolved = await this.resolveReferences(references);
    if (resolved.length > this.maxReferences) throw this.tooManyReferences(resolved.length);
    const parsed = await this.parseCandidate({ schemaType, schema: content.schema, references: resolved });
    return {
      schemaType,
      parsed,
      text: options.normalize ? parsed.canonical : JSON.stringify(parsed.raw),
      references,
      metadata: content.metadata,
      ruleSet: content.ruleSet,
      fingerprint: fingerprintContent(parsed, content.metadata, content.ruleSet),
    };
  }

  /** The parsed form of a stored schema (for compatibility checks against earlier versions). */
  async parsedOf(record: SchemaRecord): Promise<ParsedSchema> {
    const cached = this.parsedById.get(record.id);
    if (cached) return cached;
    const resolved = await this.resolveReferences(record.references);
    // A stored schema passed every check when it was registered: the runtime libraries need not see it again.
    const parsed = this.parse(
      { schemaType: record.schemaType, schema: record.schema, references: resolved },
      { checkWithLibraries: false },
    );
    this.parsedById.set(record.id, parsed);
    return parsed;
  }

  /**
   * {@link parsedOf} for a stored version being compared with: a stored schema that no longer parses (written by an
   * older registry) is named as such, never blamed on the schema being registered.
   */
  async parsedOfStored(record: SchemaRecord, version: number): Promise<ParsedSchema> {
    try {
      return await this.parsedOf(record);
    } catch (error) {
      if (!isDomainError(error) || error.code !== RegistryErrorCode.InvalidSchema) throw error;
      throw RegistryErrors.invalidSchema(
        `Version ${version} of this subject is schema id ${record.id}, which no longer parses (${error.message}); it cannot be compared with. Register with compatibility NONE, or delete that version, to go on`,
        { storedSchemaId: record.id, version },
      );
    }
  }

  /** A schema being registered or tested: a large one has the libraries' checks done by the verifier's workers. */
  private async parseCandidate(input: SchemaInput): Promise<ParsedSchema> {
    const { verifier, verifyOffThreadFrom = 64 * 1024 } = this.options;
    if (!verifier || input.schema.length < verifyOffThreadFrom) return this.parse(input, { checkWithLibraries: true });
    try {
      await verifier.verify(input);
    } catch (error) {
      throw error instanceof SchemaError ? toRegistryError(error, input.schemaType) : error;
    }
    return this.parse(input, { checkWithLibraries: false });
  }

  private parse(input: SchemaInput, options: { checkWithLibraries: boolean }): ParsedSchema {
    try {
      return parseSchema(input, this.limits, options);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw toRegistryError(error, input.schemaType);
    }
  }

  private tooManyReferences(count: number) {
    return RegistryErrors.schemaLimit(
      RegistryErrorCode.TooManyReferences,
      `the schema names ${count} references (with those of its references); the limit is ${this.maxReferences}`,
      { limit: this.maxReferences },
    );
  }

  /** Replaces `version: -1` (latest) with the version it means now; other targets are checked when resolved. */
  private async pinReferences(references: readonly SchemaReferenceRecord[]): Promise<SchemaReferenceRecord[]> {
    const names = new Set<string>();
    const pinned: SchemaReferenceRecord[] = [];
    for (const reference of references) {
      if (names.has(reference.name)) {
        throw RegistryErrors.invalidSchema(`Invalid schema: reference name '${reference.name}' is given twice`);
      }
      names.add(reference.name);
      if (reference.version !== LATEST_VERSION) {
        pinned.push({ ...reference });
        continue;
      }
      const latest = (await this.reader.subjectVersions(reference.subject))
        .filter((version) => !version.deleted)
        .at(-1);
      if (!latest) throw missingReference(reference);
      pinned.push({ ...reference, version: latest.version });
    }
    return pinned;
  }

  /** Every schema the references reach, dependencies first, each once; cycles and over-deep chains refused. */
  private async resolveReferences(references: readonly SchemaReferenceRecord[]): Promise<ResolvedReference[]> {
    const resolved: ResolvedReference[] = [];
    const done = new Set<string>();
    const visit = async (reference: SchemaReferenceRecord, path: readonly string[]): Promise<void> => {
      const key = `${reference.subject}/${reference.version}`;
      if (done.has(key)) return;
      if (path.includes(key)) {
        throw RegistryErrors.invalidSchema(`Invalid schema: references form a cycle (${[...path, key].join(' -> ')})`);
      }
      if (path.length >= MAX_REFERENCE_DEPTH) {
        throw RegistryErrors.invalidSchema(`Invalid schema: references nest deeper than ${MAX_REFERENCE_DEPTH}`);
      }
      const record = await this.referencedRecord(reference);
      for (const nested of record.references) await visit(nested, [...path, key]);
      done.add(key);
      resolved.push({ name: reference.name, schemaType: record.schemaType, schema: record.schema, source: key });
    };
    for (const reference of references) await visit(reference, []);
    return resolved;
  }

  private async referencedRecord(reference: SchemaReferenceRecord): Promise<SchemaRecord> {
    const versions = await this.reader.subjectVersions(reference.subject);
    const target = versions.find((version) => version.version === reference.version);
    const record = target ? await this.reader.schemaById(target.schemaId) : undefined;
    if (!record) throw missingReference(reference);
    return record;
  }
}

function missingReference(reference: SchemaReferenceRecord) {
  return RegistryErrors.invalidSchema(
    `Invalid schema: reference '${reference.name}' names subject '${reference.subject}' version ${reference.version}, which does not exist`,
  );
}

const LIMIT_CODES = {
  [SchemaErrorCode.TooManyFields]: RegistryErrorCode.TooManyFields,
  [SchemaErrorCode.TooManySymbols]: RegistryErrorCode.TooManyEnumSymbols,
  [SchemaErrorCode.TooManyBranches]: RegistryErrorCode.TooManyUnionBranches,
  [SchemaErrorCode.TooManyProperties]: RegistryErrorCode.TooManyProperties,
} as const;

/** The registry's answer to a schema the engine refused: a limit's own code, 42209 for size, 42201 for the rest. */
function toRegistryError(error: SchemaError, schemaType: string) {
  const details = { code: error.code, path: error.path, ...error.details };
  if (error.code === SchemaErrorCode.TooLarge) return RegistryErrors.schemaTooLarge(error.message, details);
  const limit = LIMIT_CODES[error.code as keyof typeof LIMIT_CODES];
  if (limit) return RegistryErrors.schemaLimit(limit, error.message, details);
  return RegistryErrors.invalidSchema(`Invalid schema of type ${schemaType}, details: ${error.message}`, details);
}

function readSchemaType(schemaType: string): SchemaType {
  if ((SCHEMA_TYPES as readonly string[]).includes(schemaType)) return schemaType as SchemaType;
  throw RegistryErrors.invalidSchema(
    `Invalid schema type ${schemaType}; this registry supports ${SCHEMA_TYPES.join(' and ')}`,
  );
}

/** The content address: the engine's fingerprint, extended with metadata and rule set when present. */
export function fingerprintContent(
  parsed: ParsedSchema,
  metadata: Record<string, unknown> | null,
  ruleSet: Record<string, unknown> | null,
): string {
  const base = fingerprintSchema(parsed);
  if (metadata === null && ruleSet === null) return base;
  return createHash('sha256')
    .update(base)
    .update('\nmetadata ')
    .update(metadata === null ? 'null' : stringifySorted(metadata as JsonValue))
    .update('\nruleSet ')
    .update(ruleSet === null ? 'null' : stringifySorted(ruleSet as JsonValue))
    .digest('hex');
}
