import { z } from 'zod';
import { RegistryErrors } from '../errors/registry.errors';
import type { SchemaReferenceRecord } from '../storage/registry-records';

const jsonObject = z.record(z.string(), z.unknown());
/** Metadata and rule sets are small documents; anything deeper is refused before any recursive walk sees it. */
const MAX_OBJECT_DEPTH = 32;

/**
 * The body of register, lookup and compatibility requests. Unknown fields are accepted and ignored, as Confluent
 * does (newer clients post back whole responses); `metadata` and `ruleSet` are kept and returned.
 */
const schemaRequestSchema = z.looseObject({
  schema: z.unknown().optional(),
  schemaType: z.string().optional(),
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
  id: z.number().int().nullish(),
  version: z.number().int().nullish(),
});

export interface SchemaRequest {
  /** Undefined or empty when the request carries no schema text. */
  schema: string | undefined;
  schemaType: string;
  references: SchemaReferenceRecord[];
  metadata: Record<string, unknown> | null;
  ruleSet: Record<string, unknown> | null;
  /** An explicit id (IMPORT mode); Confluent treats negative as absent. */
  id: number | undefined;
  /** An explicit version; `-1` and absent both mean "the next one". */
  version: number | undefined;
}

/** Reads a register/lookup/compatibility body, refusing what is not the shape Confluent accepts. */
export function readSchemaRequest(body: unknown): SchemaRequest {
  if (body === undefined || body === null) throw RegistryErrors.invalidRequest('The request body must not be empty');
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw RegistryErrors.invalidRequest('The request body must be a JSON object');
  }
  const parsed = schemaRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw RegistryErrors.invalidRequest(`Invalid request field ${issue.path.join('.') || '(body)'}: ${issue.message}`);
  }
  const request = parsed.data;
  for (const field of ['metadata', 'ruleSet'] as const) {
    if (nestsDeeperThan(request[field], MAX_OBJECT_DEPTH)) {
      throw RegistryErrors.invalidRequest(
        `Invalid request field ${field}: nests deeper than ${MAX_OBJECT_DEPTH} levels`,
      );
    }
  }
  if (request.schema !== undefined && request.schema !== null && typeof request.schema !== 'string') {
    throw RegistryErrors.invalidSchema(
      `Invalid schema: the "schema" field must be a string holding the schema text, not ${describeType(request.schema)}`,
    );
  }
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
