import { checkAvroReaderWriter } from './avro/check-avro-compatibility';
import { compareJsonSchemas, isCompatibleDifference } from './json-schema/compare-json-schemas';
import { describeDifference, jsonRuleId } from './json-schema/differences';
import type { ParsedSchema } from './parse-schema';
import type { Violation } from './types';

export const COMPATIBILITY_LEVELS = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;

export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

export interface Incompatibility extends Violation {
  /** Index into `previous` of the schema this was found against. */
  previousIndex: number;
  /** `backward`: the candidate cannot read data of the previous schema; `forward`: the previous cannot read the candidate's. */
  direction: 'backward' | 'forward';
}

export interface CompatibilityResult {
  isCompatible: boolean;
  level: CompatibilityLevel;
  /** Indexes into `previous` that were checked, newest first. */
  checked: number[];
  incompatibilities: Incompatibility[];
}

export const SCHEMA_TYPE_CHANGED_RULE = 'schema-type-changed';

/**
 * Checks a candidate schema against earlier versions (oldest first) at a compatibility level, as Confluent Schema
 * Registry does: non-transitive levels check the latest version only, transitive ones every version, newest first,
 * stopping at the first version that fails.
 */
export function checkCompatibility(options: {
  candidate: ParsedSchema;
  previous: readonly ParsedSchema[];
  level: CompatibilityLevel;
}): CompatibilityResult {
  const { candidate, previous, level } = options;
  const result: CompatibilityResult = { isCompatible: true, level, checked: [], incompatibilities: [] };
  if (level === 'NONE' || previous.length === 0) return result;
  const transitive = level.endsWith('_TRANSITIVE');
  const indexes = transitive ? previous.map((_, i) => previous.length - 1 - i) : [previous.length - 1];
  for (const index of indexes) {
    result.checked.push(index);
    const found = checkPair(candidate, previous[index]!, level, index);
    if (found.length > 0) {
      result.isCompatible = false;
      result.incompatibilities = found;
      break;
    }
  }
  return result;
}

function checkPair(
  candidate: ParsedSchema,
  previous: ParsedSchema,
  level: CompatibilityLevel,
  previousIndex: number,
): Incompatibility[] {
  if (candidate.schemaType !== previous.schemaType) {
    return [
      {
        rule: SCHEMA_TYPE_CHANGED_RULE,
        path: '/',
        message: 'Incompatible because of different schema type',
        params: { previous: previous.schemaType, candidate: candidate.schemaType },
        previousIndex,
        direction: 'backward',
      },
    ];
  }
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const found: Incompatibility[] = [];
  // Confluent reports the forward direction first under FULL.
  if (forward) {
    for (const violation of readerCanRead(previous, candidate, { reader: 'old', writer: 'new' })) {
      found.push({ ...violation, previousIndex, direction: 'forward' });
    }
  }
  if (backward) {
    for (const violation of readerCanRead(candidate, previous, { reader: 'new', writer: 'old' })) {
      found.push({ ...violation, previousIndex, direction: 'backward' });
    }
  }
  return found;
}

/** Everything that stops `reader` from reading data written with `writer` (both the same format). */
export function readerCanRead(
  reader: ParsedSchema,
  writer: ParsedSchema,
  labels: { reader: string; writer: string },
): Violation[] {
  if (reader.schemaType === 'AVRO' && writer.schemaType === 'AVRO')
    return checkAvroReaderWriter(reader.root, writer.root, labels);
  if (reader.schemaType === 'JSON' && writer.schemaType === 'JSON') {
    return compareJsonSchemas(writer.model(), reader.model())
      .filter((difference) => !isCompatibleDifference(difference))
      .map((difference) => ({
        rule: jsonRuleId(difference.type),
        path: difference.path,
        message: describeDifference(difference, labels.reader, labels.writer),
        params: { errorType: difference.type },
      }));
  }
  return [{ rule: SCHEMA_TYPE_CHANGED_RULE, path: '/', message: 'Incompatible because of different schema type' }];
}
