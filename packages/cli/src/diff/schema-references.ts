import type { ResolvedReference, SchemaType } from '@charter/schema';
import { DiffInputError } from './diff-input-error';
import type { TreeFile } from './diff-report';

/** A schema reference as the registry takes it: the name the schema uses, and the subject version defining it. */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

/** The references of `v<N>.avsc|json` live beside it in `v<N>.references.json`, Confluent's list as JSON. */
export function referencesFileOf(schemaFile: string): string {
  return schemaFile.replace(/\.(avsc|json)$/, '.references.json');
}

/** The references a schema file declares (none without a references file). Throws DiffInputError when malformed. */
export function readDeclaredReferences(files: Map<string, TreeFile>, schemaFile: string): SchemaReference[] {
  const file = referencesFileOf(schemaFile);
  const found = files.get(file);
  if (!found) return [];
  let value: unknown;
  try {
    value = JSON.parse(found.text);
  } catch (error) {
    throw invalid(file, `not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw invalid(file, 'expected a list of { name, subject, version }');
  return value.map((entry, index) => {
    const { name, subject, version } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '' || typeof subject !== 'string' || subject === '')
      throw invalid(file, `entry ${index}: name and subject must be non-empty strings`);
    if (!Number.isInteger(version) || ((version as number) < 1 && version !== -1))
      throw invalid(file, `entry ${index}: version must be a version number, or -1 for the latest`);
    return { name, subject, version: version as number };
  });
}

/**
 * The references resolved against the head tree: each names a subject's `v<N>` schema file under any domain
 * (`-1`: its latest); `source` is `<subject>/<version>`, as the registry pins it. Throws DiffInputError when a
 * referenced version is not in the tree.
 */
export function resolveReferences(
  references: readonly SchemaReference[],
  schemaFile: string,
  schemas: ReadonlyArray<{ file: string; subject: string; version: number; schemaType: SchemaType }>,
  files: Map<string, TreeFile>,
): ResolvedReference[] {
  return references.map((reference) => {
    const versions = schemas.filter((entry) => entry.subject === reference.subject);
    const target =
      reference.version === -1
        ? versions.sort((a, b) => b.version - a.version)[0]
        : versions.find((entry) => entry.version === reference.version);
    if (!target)
      throw invalid(
        referencesFileOf(schemaFile),
        `${reference.subject} v${reference.version === -1 ? ' (latest)' : reference.version} is not in the tree`,
      );
    return {
      name: reference.name,
      schemaType: target.schemaType,
      schema: files.get(target.file)!.text,
      source: `${reference.subject}/${target.version}`,
    };
  });
}

function invalid(file: string, message: string): DiffInputError {
  return new DiffInputError('references-invalid', `${file}: ${message}`, file);
}
