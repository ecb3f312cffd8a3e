import { changeJsonSchema, jsonSchemaDocument, respellJson } from '@charter/testkit';
import fc from 'fast-check';
import { fingerprintSchema, parseSchema, type SchemaType } from '../src';

/**
 * Properties of the JSON Schema content address, over generated schemas (≥ 1 000 cases each). A shrunk
 * counter-example that ever fails here goes into fixtures/identity as a named case.
 */
/** 1 000 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const RUNS = { numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 1_000) };
/** Each property is bounded by its number of runs; on a slow machine it may take longer than Jest's default. */
jest.setTimeout(120_000);

const parse = (schemaType: SchemaType, schema: string) => parseSchema({ schemaType, schema });
const fingerprint = (schemaType: SchemaType, schema: string) => fingerprintSchema(parse(schemaType, schema));
const spelling = fc.array(fc.nat(1_000), { minLength: 1, maxLength: 24 });

describe('JSON Schema canonical form (generated schemas)', () => {
  it('is idempotent and ignores key order and whitespace', () => {
    fc.assert(
      fc.property(jsonSchemaDocument(), spelling, (schema, stream) => {
        const parsed = parse('JSON', JSON.stringify(schema));
        expect(parse('JSON', parsed.canonical).canonical).toBe(parsed.canonical);
        expect(fingerprint('JSON', respellJson(schema, stream))).toBe(fingerprintSchema(parsed));
      }),
      RUNS,
    );
  });

  it('changes with any meaningful change at any depth (properties, definitions, items, branches, required)', () => {
    fc.assert(
      fc.property(jsonSchemaDocument(), fc.nat(), spelling, (schema, point, stream) => {
        const { changePoints } = changeJsonSchema(schema, undefined);
        const changed = changeJsonSchema(schema, point % changePoints);
        expect(changed.change).toBeDefined();
        if (fingerprint('JSON', respellJson(changed.schema, stream)) === fingerprint('JSON', JSON.stringify(schema))) {
          throw new Error(`"${changed.change}" kept the fingerprint:\n${JSON.stringify(schema)}`);
        }
      }),
      RUNS,
    );
  });
});
