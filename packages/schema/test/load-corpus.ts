import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CompatibilityLevel, type JsonValue, jsonRuleId, type SchemaType } from '../src';
import type { DifferenceType } from '../src/json-schema/differences';

export interface SchemaSource {
  schemaType: SchemaType;
  schema: string;
}

export interface CorpusCase {
  file: string;
  name: string;
  level: CompatibilityLevel;
  previous: SchemaSource[];
  candidate: SchemaSource;
  compatible: boolean;
  rules: string[];
  paths?: string[];
  differences?: Array<{ type: DifferenceType; path: string }>;
}

interface CorpusFile {
  format: SchemaType;
  schemas?: Record<string, JsonValue>;
  cases: Array<{
    name: string;
    level: CompatibilityLevel;
    previous: JsonValue[];
    candidate: JsonValue;
    compatible: boolean;
    rules?: string[];
    paths?: string[];
    differences?: string[];
  }>;
}

export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'compatibility');

/**
 * Reads the case corpus. A schema is a name from the file's `schemas`, a string holding schema text, an object (the
 * schema as YAML), or `{format, schema}` for a schema of the other format. JSON rules may be written as Confluent's
 * difference names (TYPE_CHANGED) and are turned into rule ids.
 */
export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const corpus = parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as CorpusFile;
    const source = (value: JsonValue): SchemaSource => {
      if (typeof value === 'string' && corpus.schemas?.[value] !== undefined) return source(corpus.schemas[value]!);
      if (typeof value === 'string') return { schemaType: corpus.format, schema: value };
      if (value && typeof value === 'object' && !Array.isArray(value) && 'format' in value && 'schema' in value) {
        const inner = value.schema as JsonValue;
        return {
          schemaType: value.format as SchemaType,
          schema: typeof inner === 'string' ? inner : JSON.stringify(inner),
        };
      }
      return { schemaType: corpus.format, schema: JSON.stringify(value) };
    };
    for (const entry of corpus.cases) {
      cases.push({
        file,
        name: entry.name,
        level: entry.level,
        previous: entry.previous.map(source),
        candidate: source(entry.candidate),
        compatible: entry.compatible,
        rules: (entry.rules ?? []).map((rule) => (/^[A-Z_]+$/.test(rule) ? jsonRuleId(rule as DifferenceType) : rule)),
        ...(entry.paths ? { paths: entry.paths } : {}),
        ...(entry.differences
          ? {
              differences: entry.differences.map((text) => {
                const [type, path] = text.split(' ');
                return { type: type as DifferenceType, path: path! };
              }),
            }
          : {}),
      });
    }
  }
  return cases;
}
