import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

const EXTENSIONS: Record<string, SchemaType> = { '.avsc': 'AVRO', '.json': 'JSON' };
const VERSION_FILE = /^v(\d+)\.(avsc|json)$/;

/**
 * Finds every `schemas/<subject>/v<N>.avsc|json` under `root` and checks each version against the earlier ones at
 * `level`, as the registry will when they are registered in order.
 */
export function checkSchemaDirectory(root: string, level: CompatibilityLevel): SubjectReport[] {
  return findSubjectDirectories(root).map((dir) => checkSubject(root, dir, level));
}

function findSubjectDirectories(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir).sort();
    if (entries.some((name) => VERSION_FILE.test(name))) found.push(dir);
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isDirectory() && name !== 'node_modules' && !name.startsWith('.')) walk(path);
    }
  };
  walk(root);
  return found;
}

function checkSubject(root: string, dir: string, level: CompatibilityLevel): SubjectReport {
  const files = readdirSync(dir)
    .map((name) => ({ name, match: VERSION_FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .sort((a, b) => Number(a.match[1]) - Number(b.match[1]));
  const schemaType = EXTENSIONS[`.${files[0]?.match[2]}`] ?? 'AVRO';
  const parsed: ParsedSchema[] = [];
  const versions: VersionReport[] = [];
  for (const { name, match } of files) {
    const report: VersionReport = { file: relative(root, join(dir, name)), version: Number(match[1]), changes: [] };
    versions.push(report);
    try {
      const schema = parseSchema({
        schemaType: EXTENSIONS[`.${match[2]}`]!,
        schema: readFileSync(join(dir, name), 'utf8'),
      });
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
  return { subject: relative(root, dir).split(/[\\/]/).pop()!, schemaType, versions, ok };
}
