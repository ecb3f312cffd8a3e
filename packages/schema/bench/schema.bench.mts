// pnpm bench:schema — compatibility, canonicalisation and fingerprint costs of the schema engine.
// Goal (issue #2): a 300-field Avro record checked transitively against 100 versions in <= 20 ms.
import { Bench } from 'tinybench';
import { checkCompatibility, fingerprintSchema, type ParsedSchema, parseSchema } from '../src/index.js';

const FIELDS = 300;
const VERSIONS = 100;

/** Version k of a 300-field record: the first fields fixed, the last k-dependent ones added with defaults. */
function avroVersion(k: number): string {
  const fields = Array.from({ length: FIELDS }, (_, i) =>
    i < FIELDS - VERSIONS + k
      ? {
          name: `f${i}`,
          type: i % 3 === 0 ? 'long' : i % 3 === 1 ? 'string' : ['null', 'double'],
          ...(i >= FIELDS - VERSIONS ? { default: i % 3 === 1 ? '' : i % 3 === 0 ? 0 : null } : {}),
        }
      : undefined,
  ).filter(Boolean);
  return JSON.stringify({ type: 'record', name: 'Wide', namespace: 'bench', fields });
}

function jsonVersion(k: number): string {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < FIELDS - VERSIONS + k; i++) {
    properties[`f${i}`] =
      i % 3 === 0
        ? { type: 'integer' }
        : i % 3 === 1
          ? { type: 'string', maxLength: 64 }
          : { type: ['number', 'null'] };
  }
  return JSON.stringify({ type: 'object', properties, additionalProperties: false });
}

const avroHistory: ParsedSchema[] = Array.from({ length: VERSIONS }, (_, k) =>
  parseSchema({ schemaType: 'AVRO', schema: avroVersion(k) }),
);
const avroCandidate = parseSchema({ schemaType: 'AVRO', schema: avroVersion(VERSIONS) });
const jsonHistory: ParsedSchema[] = Array.from({ length: VERSIONS }, (_, k) =>
  parseSchema({ schemaType: 'JSON', schema: jsonVersion(k) }),
);
const jsonCandidate = parseSchema({ schemaType: 'JSON', schema: jsonVersion(VERSIONS) });
for (const parsed of [...jsonHistory, jsonCandidate]) if (parsed.schemaType === 'JSON') parsed.model();

const check = (candidate: ParsedSchema, previous: ParsedSchema[]) => {
  const result = checkCompatibility({ candidate, previous, level: 'BACKWARD_TRANSITIVE' });
  if (!result.isCompatible || result.checked.length !== VERSIONS)
    throw new Error('benchmark fixture should be compatible with all versions');
};
const wideText = avroVersion(VERSIONS);
const smallText =
  '{"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"},{"name":"status","type":{"type":"enum","name":"S","symbols":["A","B"]}}]}';

async function main(): Promise<void> {
  const bench = new Bench({ time: 2000, warmupTime: 300, iterations: 5 });
  bench
    .add(`avro: ${FIELDS} fields vs ${VERSIONS} versions, BACKWARD_TRANSITIVE`, () => check(avroCandidate, avroHistory))
    .add(`json: ${FIELDS} properties vs ${VERSIONS} versions, BACKWARD_TRANSITIVE`, () =>
      check(jsonCandidate, jsonHistory),
    )
    .add(`json: model build + check (cold), ${VERSIONS} versions`, () => {
      const fresh = jsonHistory.map((p) => parseSchema({ schemaType: 'JSON', schema: JSON.stringify(p.raw) }));
      check(parseSchema({ schemaType: 'JSON', schema: jsonVersion(VERSIONS) }), fresh);
    })
    .add(`avro: parse + canonical + sha256, ${FIELDS} fields`, () =>
      fingerprintSchema(parseSchema({ schemaType: 'AVRO', schema: wideText })),
    )
    .add('avro: parse + canonical + sha256, 3 fields', () =>
      fingerprintSchema(parseSchema({ schemaType: 'AVRO', schema: smallText })),
    );
  await bench.run();
  const rows = bench.tasks.map((task) => {
    const r = task.result as unknown as {
      latency: { p50?: number; p99?: number; mean: number };
      throughput: { mean: number };
    };
    return {
      task: task.name,
      'p50 ms': r.latency.p50?.toFixed(3),
      'p99 ms': r.latency.p99?.toFixed(3),
      'ops/s': Math.round(r.throughput.mean),
    };
  });
  console.table(rows);
}

void main();
