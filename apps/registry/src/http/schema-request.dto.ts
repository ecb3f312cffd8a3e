import { addIssue, parseRequest, type RequestIssue } from '@charter/service-host';
import { z } from 'zod';
import { RegistryErrors } from '../errors/registry.errors';
import type { SchemaRequest } from '../registry/schema-request';

const jsonObject = z.record(z.string(), z.unknown());
/** Metadata and rule sets are small documents; anything deeper is refused before any recursive walk sees it. */
const MAX_OBJECT_DEPTH = 32;

/**
 * The fields of register, lookup and compatibility bodies (approval requests carry them too). Unknown fields are
 * accepted and ignored, as Confluent does (newer clients post back whole responses); `metadata` and `ruleSet` are
 * kept and returned. `schema` is typed by {@link checkSchemaRequest}, after every other field: Confluent answers a
 * schema that is not text with 42201 only when the rest of the body is well-formed.
 */
export const SCHEMA_REQUEST_FIELDS = {
  schema: z
    .unknown()
    .optional()
    .meta({ type: ['string', 'null'], description: 'The schema text' }),
  schemaType: z.string().optional().meta({ description: 'AVRO (the default) or JSON' }),
  references: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        subject: z.string().min(1),
        version: z.number().int().min(-1).max(2_147_483_647),
      }),
    )
    .nullish(),
  metadata: jsonObject.nullish(),
  ruleSet: jsonObject.nullish(),
  id: z.number().int().nullish().meta({ description: 'IMPORT mode only; negative means none' }),
  version: z.number().int().nullish(),
};

type SchemaRequestFields = z.output<z.ZodObject<typeof SCHEMA_REQUEST_FIELDS>>;

/** Once the fields' types hold: the depth of metadata and rule sets, then the schema text's type (42201). */
export function checkSchemaRequest(payload: z.core.ParsePayload<SchemaRequestFields>): void {
  if (payload.issues.length > 0) return;
  const request = payload.value;
  for (const field of ['metadata', 'ruleSet'] as const) {
    if (nestsDeeperThan(request[field], MAX_OBJECT_DEPTH)) {
      return addIssue(payload, [field], `nests deeper than ${MAX_OBJECT_DEPTH} levels`);
    }
  }
  if (request.schema !== undefined && request.schema !== null && typeof request.schema !== 'string') {
    addIssue(
      payload,
      ['schema'],
      `Invalid schema: the "schema" field must be a string holding the schema text, not ${describeType(request.schema)}`,
    );
  }
}

export function toSchemaRequest(request: SchemaRequestFields): SchemaRequest {
  return {
    schema: typeof request.schema === 'string' && request.schema.length > 0 ? request.schema : undefined,
    schemaType: request.schemaType ?? 'AVRO',
    references: (request.references ?? []).map(({ name, subject, version }) => ({ name, subject, version })),
    metadata: request.metadata ?? null,
    ruleSet: request.ruleSet ?? null,
    id: request.id !== undefined && request.id !== null && request.id >= 0 ? request.id : undefined,
    version:
      request.version !== undefined && request.version !== null && request.version > 0 ? request.version : undefined,
  };
}

/** Confluent's answers to a body it cannot read: 42201 for schema text that is not text, 422 for the rest. */
export function schemaRequestError(issue: RequestIssue): Error {
  if (issue.path.length === 0) return RegistryErrors.invalidRequest(issue.message);
  if (issue.code === 'custom' && issue.path[0] === 'schema') return RegistryErrors.invalidSchema(issue.message);
  return RegistryErrors.invalidRequest(`Invalid request field ${issue.path.join('.')}: ${issue.message}`);
}

/** The body of POST /subjects/{s}, POST /subjects/{s}/versions and POST /compatibility/…. */
export const schemaRequestBody = z
  .looseObject(SCHEMA_REQUEST_FIELDS, {
    error: (issue) =>
      issue.input === undefined || issue.input === null
        ? 'The request body must not be empty'
        : 'The request body must be a JSON object',
  })
  .check(checkSchemaRequest);

/** Reads a register/lookup/compatibility body, refusing what is not the shape Confluent accepts. */
export function readSchemaRequest(body: unknown): SchemaRequest {
  return toSchemaRequest(parseRequest(schemaRequestBody, body, schemaRequestError));
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Whether a parsed JSON value nests deeper than `limit`, measured without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
