import type { SchemaReferenceRecord } from '../storage/registry-records';

/** A register, lookup or compatibility request, as `http/schema-request.dto.ts` reads it from the body. */
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
