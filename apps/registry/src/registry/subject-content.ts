import type { SchemaRecord, SubjectVersionRecord } from '../storage/registry-records';
import type { RegistryReader } from './registry-reader';
import type { SchemaContent } from './schema-preparer';
import type { SchemaRequest } from './schema-request';

export function contentOf(request: SchemaRequest): SchemaContent {
  return {
    schemaType: request.schemaType,
    schema: request.schema ?? '',
    references: request.references,
    metadata: request.metadata,
    ruleSet: request.ruleSet,
  };
}

/** The newest of `versions` whose schema has this fingerprint (schemas read through the cache). */
export async function findByFingerprint(
  reader: RegistryReader,
  versions: readonly SubjectVersionRecord[],
  fingerprint: string,
): Promise<{ version: SubjectVersionRecord; record: SchemaRecord } | undefined> {
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index]!;
    const record = await reader.schemaById(version.schemaId);
    if (record?.fingerprint === fingerprint) return { version, record };
  }
  return undefined;
}
