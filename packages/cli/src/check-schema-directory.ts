import { readFileSync } from 'node:fs';
import {
  type CompatibilityLevel,
  type CompatibilityResult,
  checkCompatibility,
  diffSchemas,
  fingerprintSchema,
  type ParsedSchema,
  parseSchema,
  type SchemaChange,
  SchemaError,
  type SchemaType,
} from '@charter/schema';
import { findSchemaVersions, type SubjectDirectory } from './find-schema-versions';

export interface VersionReport {
  file: string;
  version: number;
  fingerprint?: string;
  /** Set when the file does not parse. */
  error?: { code: string; path: string; message: string };
  compatibility?: CompatibilityResult;
  changes: SchemaChange[];
}

export interface SubjectReport {
  subject: string;
  schemaType: SchemaType;
  versions: VersionReport[];
  ok: boolean;
}

/**
 * Finds every `schemas/<subject>/v<N>.avsc|json` under `root` and checks each version against the earlier ones at
 * `level`, as the registry will when they are registered in order.
 */
export function checkSchemaDirectory(root: string, level: CompatibilityLevel): SubjectReport[] {
  return findSchemaVersions(root).map((directory) => checkSubject(directory, level));
}

function checkSubject(directory: SubjectDirectory, level: CompatibilityLevel): SubjectReport {
  const parsed: ParsedSchema[] = [];
  const versions: VersionReport[] = [];
  for (const { file, path, version, schemaType } of directory.versions) {
    const report: VersionReport = { file, version, changes: [] };
    versions.push(report);
    try {
      const schema = parseSchema({ schemaType, schema: readFileSync(path, 'utf8') });
      report.fingerprint = fingerprintSchema(schema);
      if (parsed.length > 0) {
        report.compatibility = checkCompatibility({ candidate: schema, previous: parsed, level });
        report.changes = diffSchemas(parsed.at(-1)!, schema);
      }
      parsed.push(schema);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      report.error = { code: error.code, path: error.path, message: error.message };
    }
  }
  const ok = versions.every((v) => !v.error && (v.compatibility?.isCompatible ?? true));
  const schemaType = directory.versions[0]?.schemaType ?? 'AVRO';
  return { subject: directory.subject, schemaType, versions, ok };
}
