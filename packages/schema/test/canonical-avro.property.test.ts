import { avroShape, materializeAvroSchema } from '@charter/testkit';
import * as avsc from 'avsc';
import fc from 'fast-check';
import { fingerprintSchema, parseSchema, type SchemaType } from '../src';

/**
 * Properties of the Avro content address, over generated schemas (≥ 1 000 cases each). A shrunk counter-example that
 * ever fails here goes into fixtures/identity as a named case.
 */
/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };
/** Each property is bounded by its number of runs; on a slow machine it may take longer than Jest's default. */
jest.setTimeout(120_000);

const parse = (schemaType: SchemaType, schema: string) => parseSchema({ schemaType, schema });
const fingerprint = (schemaType: SchemaType, schema: string) => fingerprintSchema(parse(schemaType, schema));
/** avsc's fingerprint of Avro's Parsing Canonical Form: the identity the specification defines. */
const pcfFingerprint = (schema: unknown) =>
  avsc.Type.forSchema(schema as avsc.Schema)
    .fingerprint('sha256')
    .toString('hex');
const spelling = fc.array(fc.nat(1_000), { minLength: 1, maxLength: 24 });

describe('Avro canonical form (generated schemas)', () => {
  it('is idempotent, and avsc parses it', () => {
    fc.assert(
      fc.property(avroShape(), spelling, (shape, stream) => {
        for (const { text } of [materializeAvroSchema(shape), materializeAvroSchema(shape, { spelling: stream })]) {
          const canonical = parse('AVRO', text).canonical;
          expect(parse('AVRO', canonical).canonical).toBe(canonical);
          expect(() => avsc.Type.forSchema(JSON.parse(canonical))).not.toThrow();
        }
      }),
      RUNS,
    );
  });

  it('keeps the Parsing Canonical Form of the schema (avsc as the oracle)', () => {
    fc.assert(
      fc.property(avroShape(), spelling, (shape, stream) => {
        const written = materializeAvroSchema(shape, { spelling: stream });
        const canonical = parse('AVRO', written.text).canonical;
        expect(pcfFingerprint(JSON.parse(canonical))).toBe(pcfFingerprint(written.schema));
      }),
      RUNS,
    );
  });

  it('ignores spelling: key order, whitespace, long primitive forms, namespaces, short or full references', () => {
    fc.assert(
      fc.property(avroShape(), spelling, (shape, stream) => {
        const plain = materializeAvroSchema(shape);
        const respelled = materializeAvroSchema(shape, { spelling: stream });
        expect(fingerprint('AVRO', respelled.text)).toBe(fingerprint('AVRO', plain.text));
      }),
      RUNS,
    );
  });

  it('changes with any meaningful change at any depth, however the changed schema is spelled', () => {
    fc.assert(
      fc.property(avroShape(), fc.nat(), fc.option(spelling), (shape, point, stream) => {
        const plain = materializeAvroSchema(shape);
        const changed = materializeAvroSchema(shape, {
          mutateAt: point % plain.changePoints,
          ...(stream ? { spelling: stream } : {}),
        });
        expect(changed.change).toBeDefined();
        if (fingerprint('AVRO', changed.text) === fingerprint('AVRO', plain.text)) {
          throw new Error(`"${changed.change}" kept the fingerprint:\n${plain.text}\n${changed.text}`);
        }
      }),
      // Found at random: a union's reference retargeted to an enum the union defines (the generator once dropped
      // the enum's definition and left the reference dangling).
      { ...RUNS, examples: [[UNION_REFERENCE_COLLISION, 20, null]] },
    );
  });
});

const UNION_REFERENCE_COLLISION = JSON.parse(
  '{"kind":"record","namespace":"inherit","doc":null,"aliases":0,"isError":false,"properties":null,"fields":[{"type":{"kind":"primitive","type":"null","logical":0,"properties":null},"hasDefault":false,"defaultSeed":0,"doc":null,"order":0,"aliases":0,"properties":null},{"type":{"kind":"array","items":{"kind":"union","branches":[{"kind":"map","values":{"kind":"reference","pick":0},"properties":null},{"kind":"enum","namespace":"inherit","symbols":1,"defaultSymbol":null,"doc":null,"properties":null},{"kind":"reference","pick":0}]},"properties":null},"hasDefault":false,"defaultSeed":0,"doc":null,"order":0,"aliases":0,"properties":null}]}',
);
