import type { ParsedSchema } from '../parse-schema';
import { diffAvro } from './diff-avro';
import { diffJsonSchema } from './diff-json-schema';
import type { SchemaChange } from './schema-change';

/** The changes from `previous` to `candidate`, classified by Charter's taxonomy. Both must be the same format. */
export function diffSchemas(previous: ParsedSchema, candidate: ParsedSchema): SchemaChange[] {
  if (previous.schemaType === 'AVRO' && candidate.schemaType === 'AVRO') return diffAvro(previous.root, candidate.root);
  if (previous.schemaType === 'JSON' && candidate.schemaType === 'JSON')
    return diffJsonSchema(previous.model(), candidate.model());
  return [
    {
      kind: 'type-changed',
      field: '',
      path: '/',
      message: `schema type changed from ${previous.schemaType} to ${candidate.schemaType}`,
      breaking: { backward: true, forward: true },
    },
  ];
}
