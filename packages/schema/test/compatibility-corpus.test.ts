import { AvroRule, checkCompatibility, parseSchema, SCHEMA_TYPE_CHANGED_RULE } from '../src';
import { compareJsonSchemas } from '../src/json-schema/compare-json-schemas';
import { COMPATIBLE_DIFFERENCES, DIFFERENCE_TYPES, jsonRuleId } from '../src/json-schema/differences';
import type { ParsedJsonSchema } from '../src/json-schema/parse-json-schema';
import { loadCorpus } from './load-corpus';

const corpus = loadCorpus();

describe('compatibility corpus', () => {
  it.each(corpus.map((c) => [`${c.file}: ${c.level} ${c.name}`, c] as const))('%s', (_title, testCase) => {
    const result = checkCompatibility({
      candidate: parseSchema(testCase.candidate),
      previous: testCase.previous.map((p) => parseSchema(p)),
      level: testCase.level,
    });
    expect(result.isCompatible).toBe(testCase.compatible);
    expect([...new Set(result.incompatibilities.map((i) => i.rule))].sort()).toEqual(
      [...new Set(testCase.rules)].sort(),
    );
    if (testCase.paths)
      expect([...new Set(result.incompatibilities.map((i) => i.path))].sort()).toEqual([...testCase.paths].sort());
    for (const incompatibility of result.incompatibilities) expect(incompatibility.message.length).toBeGreaterThan(10);
    if (testCase.differences) {
      const previous = parseSchema(testCase.previous.at(-1)!) as ParsedJsonSchema;
      const candidate = parseSchema(testCase.candidate) as ParsedJsonSchema;
      const found = compareJsonSchemas(previous.model(), candidate.model()).map((d) => `${d.type} ${d.path}`);
      expect(found.sort()).toEqual(testCase.differences.map((d) => `${d.type} ${d.path}`).sort());
    }
  });

  it('holds at least 100 cases across both formats', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((c) => c.candidate.schemaType === 'AVRO').length).toBeGreaterThanOrEqual(40);
    expect(corpus.filter((c) => c.candidate.schemaType === 'JSON').length).toBeGreaterThanOrEqual(40);
  });

  it('covers every incompatibility rule the engine can report', () => {
    const covered = new Set(corpus.flatMap((c) => c.rules));
    const jsonRules = DIFFERENCE_TYPES.filter((t) => !COMPATIBLE_DIFFERENCES.has(t)).map(jsonRuleId);
    const missing = [...Object.values(AvroRule), SCHEMA_TYPE_CHANGED_RULE, ...jsonRules].filter(
      (rule) => !covered.has(rule),
    );
    expect(missing).toEqual([]);
  });

  it('pairs every transitive case with its non-transitive twin', () => {
    const key = (c: (typeof corpus)[number], level: string) => JSON.stringify([level, c.previous, c.candidate]);
    const all = new Set(corpus.map((c) => key(c, c.level)));
    const unpaired = corpus
      .filter((c) => c.level.endsWith('_TRANSITIVE') && !all.has(key(c, c.level.replace('_TRANSITIVE', ''))))
      .map((c) => `${c.file}: ${c.name}`);
    expect(unpaired).toEqual([]);
  });
});
