import { setImmediate } from 'node:timers/promises';
import { type CompatibilityLevel, type CompatibilityResult, checkCompatibility } from '@charter/schema';
import type { SchemaRecord, SubjectVersionRecord } from '../storage/registry-records';
import type { RegistryReader } from './registry-reader';
import type { PreparedSchema, SchemaPreparer } from './schema-preparer';

export interface CompatibilityVerdict {
  isCompatible: boolean;
  level: CompatibilityLevel;
  /** Confluent-style verbose messages: each violation, then the old version and level it was found against. */
  messages: string[];
  result: CompatibilityResult;
}

/**
 * Checks a prepared candidate against live versions of a subject (oldest first) at a level, as registration and
 * the compatibility endpoints both do. With a compatibility group, only versions whose group property matches the
 * candidate's take part.
 */
export async function checkAgainstVersions(options: {
  candidate: PreparedSchema;
  versions: readonly SubjectVersionRecord[];
  level: CompatibilityLevel;
  compatibilityGroup: string | undefined;
  reader: RegistryReader;
  preparer: SchemaPreparer;
}): Promise<CompatibilityVerdict> {
  const { candidate, level, reader, preparer, compatibilityGroup } = options;
  const records: Array<{ version: number; record: SchemaRecord }> = [];
  for (const version of options.versions) {
    const record = await reader.schemaById(version.schemaId);
    if (record) records.push({ version: version.version, record });
  }
  const groupOf = (metadata: Record<string, unknown> | null): unknown =>
    (metadata?.properties as Record<string, unknown> | undefined)?.[compatibilityGroup ?? ''];
  const candidateGroup = compatibilityGroup ? groupOf(candidate.metadata) : undefined;
  const compared = compatibilityGroup
    ? records.filter(({ record }) => groupOf(record.metadata) === candidateGroup)
    : records;
  const result = await checkVersionByVersion(candidate, compared, level, preparer);
  const messages: string[] = [];
  if (!result.isCompatible) {
    const against = compared[result.incompatibilities[0]?.previousIndex ?? 0];
    for (const incompatibility of result.incompatibilities) messages.push(incompatibility.message);
    if (against) {
      messages.push(`{oldSchemaVersion: ${against.version}}`);
      messages.push(`{oldSchema: '${truncate(against.record.schema, 4_000)}'}`);
    }
    messages.push(`{compatibility: '${level}'}`);
  }
  return { isCompatible: result.isCompatible, level, messages, result };
}

/**
 * Confluent's order (transitive levels: every version, newest first, to the first that fails; other levels: the
 * latest), one version at a time, yielding to other requests between versions: a check against a hundred large
 * versions never holds the event loop for more than one of them. NONE compares with nothing (so a stored version
 * that no longer parses cannot stop it).
 */
async function checkVersionByVersion(
  candidate: PreparedSchema,
  compared: ReadonlyArray<{ version: number; record: SchemaRecord }>,
  level: CompatibilityLevel,
  preparer: SchemaPreparer,
): Promise<CompatibilityResult> {
  const result: CompatibilityResult = { isCompatible: true, level, checked: [], incompatibilities: [] };
  if (level === 'NONE' || compared.length === 0) return result;
  const newestFirst = compared.map((_, index) => compared.length - 1 - index);
  for (const index of level.endsWith('_TRANSITIVE') ? newestFirst : newestFirst.slice(0, 1)) {
    await setImmediate();
    const { version, record } = compared[index]!;
    const previous = await preparer.parsedOfStored(record, version);
    await setImmediate();
    const pair = checkCompatibility({ candidate: candidate.parsed, previous: [previous], level });
    result.checked.push(index);
    if (!pair.isCompatible) {
      result.isCompatible = false;
      result.incompatibilities = pair.incompatibilities.map((found) => ({ ...found, previousIndex: index }));
      break;
    }
  }
  return result;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}… (${text.length - length} more characters)`;
}
