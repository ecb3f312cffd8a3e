import { readContractDocument } from '@charter/contracts';
import fc from 'fast-check';
import { sampleContract } from '../../test/fixtures';
import { manifestFromProperties } from '../../test/manifest-from-properties';
import { DBT_ADAPTERS, type DbtAdapter } from '../adapter/dbt-adapter';
import { checkDbtManifest } from '../check/check-dbt-manifest';
import { DbtInputError } from '../dbt-errors';
import { parseDbtManifest } from '../manifest/parse-dbt-manifest';
import { generateDbtProperties } from './generate-dbt-properties';
import { GENERATED_MARKER, isGeneratedProperties } from './render-dbt-properties';

const orders = sampleContract('orders');

describe('generateDbtProperties', () => {
  it.each(DBT_ADAPTERS)('is a no-op the second time on %s: the same bytes, outcome unchanged', (adapter) => {
    const first = generateDbtProperties({ contract: orders, adapter, model: 'fct_orders' });
    expect(first.outcome).toBe('created');
    const again = generateDbtProperties({ contract: orders, adapter, model: 'fct_orders', existing: first.text });
    expect(again).toMatchObject({ outcome: 'unchanged', text: first.text });
  });

  it('updates a file it generated for another adapter or contract version', () => {
    const postgres = generateDbtProperties({ contract: orders, adapter: 'postgres' }).text;
    expect(generateDbtProperties({ contract: orders, adapter: 'snowflake', existing: postgres }).outcome).toBe(
      'updated',
    );
  });

  it('refuses to overwrite a properties file it did not write (bad input: a hand-written schema.yml)', () => {
    const handWritten = 'version: 2\nmodels:\n  - name: orders\n';
    expect(() => generateDbtProperties({ contract: orders, adapter: 'postgres', existing: handWritten })).toThrow(
      expect.objectContaining({ code: 'dbt-properties-not-generated' }),
    );
    // The marker must be on the first line: a copy pasted below a hand-written line is not Charter's file.
    const generated = generateDbtProperties({ contract: orders, adapter: 'postgres' }).text;
    expect(isGeneratedProperties(generated)).toBe(true);
    expect(isGeneratedProperties(`# mine\n${generated}`)).toBe(false);
  });

  it('writes the orders model for Postgres: enforced contract, types, constraints, tests', () => {
    const { text, plan } = generateDbtProperties({ contract: orders, adapter: 'postgres', model: 'fct_orders' });
    expect(text.split('\n', 1)[0]).toContain(GENERATED_MARKER);
    expect(text).toContain('contract orders 3.1.0');
    expect(plan.model).toBe('fct_orders');
    expect(text).toContain(
      [
        '      - name: amount_cents',
        '        description: Order total in cents (widened from int in v2).',
        '        data_type: bigint',
        '        constraints:',
        '          - type: not_null',
        '          - type: check',
        '            expression: amount_cents >= 0',
      ].join('\n'),
    );
    expect(text).toContain('          - type: primary_key\n      - name: customer_id');
    expect(text).toContain(
      'data_tests:\n          - accepted_values:\n              values:\n                - PLACED',
    );
    expect(text).toContain('data_type: jsonb');
  });

  it('uses the object name when the physicalName is no dbt identifier (user-events → user_events)', () => {
    expect(generateDbtProperties({ contract: sampleContract('user-events'), adapter: 'bigquery' }).plan.model).toBe(
      'user_events',
    );
  });

  it('writes Snowflake/BigQuery keys as metadata and uniqueness as a test (they do not enforce them)', () => {
    const { text } = generateDbtProperties({ contract: orders, adapter: 'snowflake' });
    expect(text).toContain(
      '- type: primary_key\n            warn_unenforced: false\n        data_tests:\n          - unique',
    );
    expect(text).not.toContain('type: check');
    expect(generateDbtProperties({ contract: orders, adapter: 'bigquery' }).text).toContain('data_type: INT64');
  });

  it('rejects a bad --model name and an unknown object (bad input)', () => {
    expect(() => generateDbtProperties({ contract: orders, adapter: 'postgres', model: 'fct-orders' })).toThrow(
      expect.objectContaining({ code: 'dbt-model-name-invalid' }),
    );
    expect(() => generateDbtProperties({ contract: orders, adapter: 'postgres', object: 'refunds' })).toThrow(
      DbtInputError,
    );
  });
});

const IDENTIFIER = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const LOGICAL_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'timestamp',
  'time',
  'object',
  'array',
] as const;

/** An ODCS property of any logical type, with the physical types, options and rules that change its dbt column. */
const property = (name: string) =>
  fc
    .record({
      logicalType: fc.constantFrom(...LOGICAL_TYPES),
      required: fc.boolean(),
      unique: fc.boolean(),
      variant: fc.nat(3),
      bound: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
      values: fc.option(fc.uniqueArray(fc.stringMatching(/^[A-Z]{1,6}$/), { minLength: 1, maxLength: 4 }), {
        nil: undefined,
      }),
    })
    .map(({ logicalType, required, unique, variant, bound, values }) => {
      const result: Record<string, unknown> = { name, logicalType, required, unique };
      if (logicalType === 'integer') result.physicalType = ['int', 'long', 'short', 'integer'][variant];
      if (logicalType === 'number')
        result.physicalType = ['decimal(12,2)', 'double', 'float', 'numeric(40,12)'][variant];
      if (logicalType === 'string' && variant === 1) result.logicalTypeOptions = { maxLength: 10 + variant };
      if (logicalType === 'timestamp' && variant === 2) result.logicalTypeOptions = { timezone: false };
      if ((logicalType === 'integer' || logicalType === 'number') && bound !== undefined)
        result.logicalTypeOptions = { minimum: bound, maximum: bound + 10 };
      if (logicalType === 'string' && values)
        result.quality = [{ type: 'library', metric: 'invalidValues', arguments: { validValues: values }, mustBe: 0 }];
      if (logicalType === 'object')
        result.properties = [{ name: 'inner', logicalType: 'string', required: variant === 0 }];
      if (logicalType === 'array') result.items = { logicalType: 'integer' };
      return result;
    });

/** A valid contract with one schema object of 1–8 properties, up to three of them a primary key. */
const contractArbitrary = fc
  .record({
    object: IDENTIFIER,
    names: fc.uniqueArray(IDENTIFIER, { minLength: 1, maxLength: 8 }),
    keys: fc.nat(3),
  })
  .chain(({ object, names, keys }) =>
    fc.tuple(...names.map((name) => property(name))).map((properties) => {
      properties.slice(0, Math.min(keys, properties.length)).forEach((p, index) => {
        p.primaryKey = true;
        p.primaryKeyPosition = index + 1;
      });
      const document = {
        apiVersion: 'v3.1.0',
        kind: 'DataContract',
        id: `c_${object}`,
        version: '1.0.0',
        status: 'active',
        team: { name: 'data', members: [{ username: 'ana', role: 'owner' }] },
        schema: [{ name: object, logicalType: 'object', properties }],
      };
      const { contract, problems } = readContractDocument(document, { file: 'generated' });
      if (!contract) throw new Error(`generated an invalid contract: ${JSON.stringify(problems)}`);
      return contract;
    }),
  );

function roundTrip(
  contract: Parameters<typeof generateDbtProperties>[0]['contract'],
  adapter: DbtAdapter,
  drop?: string,
) {
  const { text, plan } = generateDbtProperties({ contract, adapter });
  const manifest = manifestFromProperties(text, { adapter }) as { nodes: Record<string, { columns?: object }> };
  if (drop) delete (manifest.nodes[`model.round_trip.${plan.model}`]!.columns as Record<string, unknown>)[drop];
  const outcome = checkDbtManifest({ manifest: parseDbtManifest(JSON.stringify(manifest)), contracts: [contract] });
  return { plan, outcome };
}

describe('generate → dbt parse → check (property)', () => {
  it('a generated model always passes its check, on every adapter', () => {
    fc.assert(
      fc.property(contractArbitrary, fc.constantFrom(...DBT_ADAPTERS), (contract, adapter) => {
        const { plan, outcome } = roundTrip(contract, adapter);
        expect(outcome.bindings).toEqual([
          { model: plan.model, contract: contract.id, object: plan.object, via: 'meta' },
        ]);
        expect(outcome.results.filter((result) => !result.success)).toEqual([]);
        expect(outcome.results.length).toBeGreaterThan(plan.columns.length);
      }),
      { seed: 1515, numRuns: 100 },
    );
  });

  it('dropping any one column fails exactly that column', () => {
    fc.assert(
      fc.property(contractArbitrary, fc.constantFrom(...DBT_ADAPTERS), fc.nat(), (contract, adapter, pick) => {
        const columns = generateDbtProperties({ contract, adapter }).plan.columns;
        const dropped = columns[pick % columns.length]!.name;
        const { plan, outcome } = roundTrip(contract, adapter, dropped);
        const failed = outcome.results.filter((result) => !result.success).map((result) => result.id);
        expect(failed).toEqual([`model.${plan.model}.${dropped}.exists`]);
      }),
      { seed: 1515, numRuns: 100 },
    );
  });
});
