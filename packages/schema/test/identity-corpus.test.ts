import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as avsc from 'avsc';
import { parse } from 'yaml';
import { fingerprintSchema, type JsonValue, parseSchema, type SchemaType } from '../src';

interface IdentityCase {
  file: string;
  name: string;
  same: boolean;
  a: string;
  b: string;
  schemaType: SchemaType;
}

const IDENTITY_DIR = join(__dirname, '..', 'fixtures', 'identity');

function loadIdentityCorpus(): IdentityCase[] {
  return readdirSync(IDENTITY_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => {
      const corpus = parse(readFileSync(join(IDENTITY_DIR, file), 'utf8')) as {
        format: SchemaType;
        cases: Array<{ name: string; same: boolean; a: JsonValue; b: JsonValue }>;
      };
      const text = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value));
      return corpus.cases.map((c) => ({
        file,
        name: c.name,
        same: c.same,
        a: text(c.a),
        b: text(c.b),
        schemaType: corpus.format,
      }));
    });
}

const corpus = loadIdentityCorpus();
const print = (schemaType: SchemaType, schema: string) => fingerprintSchema(parseSchema({ schemaType, schema }));

describe('content identity corpus', () => {
  it.each(corpus.map((c) => [`${c.file}: ${c.same ? 'same' : 'different'}: ${c.name}`, c] as const))(
    '%s',
    (_title, c) => {
      const a = print(c.schemaType, c.a);
      const b = print(c.schemaType, c.b);
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      if (c.same) expect(b).toBe(a);
      else expect(b).not.toBe(a);
    },
  );

  it.each(
    corpus.flatMap((c) => [
      [`${c.name} (a)`, c.schemaType, c.a],
      [`${c.name} (b)`, c.schemaType, c.b],
    ]),
  )('canonical form of %s parses to itself', (_title, schemaType, schema) => {
    const canonical = parseSchema({ schemaType, schema }).canonical;
    expect(parseSchema({ schemaType, schema: canonical }).canonical).toBe(canonical);
    if (schemaType === 'AVRO') expect(() => avsc.Type.forSchema(JSON.parse(canonical))).not.toThrow();
  });

  it('holds the nested cases of issue #11', () => {
    expect(corpus.filter((c) => !c.same && c.schemaType === 'AVRO').length).toBeGreaterThanOrEqual(15);
    expect(corpus.filter((c) => !c.same && c.schemaType === 'JSON').length).toBeGreaterThanOrEqual(8);
  });
});
