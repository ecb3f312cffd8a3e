import fc from 'fast-check';
import { readStructFields } from './struct-type';

describe('readStructFields', () => {
  it.each<[string, Array<{ name: string; type: string }> | undefined]>([
    [
      'STRUCT(line1 VARCHAR, city VARCHAR)',
      [
        { name: 'line1', type: 'VARCHAR' },
        { name: 'city', type: 'VARCHAR' },
      ],
    ],
    [
      'STRUCT("postal code" VARCHAR, "we""ird" BIGINT)',
      [
        { name: 'postal code', type: 'VARCHAR' },
        { name: 'we"ird', type: 'BIGINT' },
      ],
    ],
    [
      'STRUCT(geo STRUCT(lat DOUBLE, lon DOUBLE), tags VARCHAR[], amount DECIMAL(10,2))',
      [
        { name: 'geo', type: 'STRUCT(lat DOUBLE, lon DOUBLE)' },
        { name: 'tags', type: 'VARCHAR[]' },
        { name: 'amount', type: 'DECIMAL(10,2)' },
      ],
    ],
    ['STRUCT("a,b" MAP(VARCHAR, INTEGER))', [{ name: 'a,b', type: 'MAP(VARCHAR, INTEGER)' }]],
    ['VARCHAR', undefined],
    ['JSON', undefined],
    ['MAP(VARCHAR, VARCHAR)', undefined],
  ])('%s', (type, fields) => {
    expect(readStructFields(type)).toEqual(fields);
  });
});

describe('readStructFields (property)', () => {
  const quote = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
  type Field = { name: string; type: string };
  const leaf = fc.constantFrom(
    'VARCHAR',
    'BIGINT',
    'DOUBLE',
    'DECIMAL(10,2)',
    'VARCHAR[]',
    'MAP(VARCHAR, INTEGER)',
    'JSON',
  );
  const name = fc.string({
    minLength: 1,
    maxLength: 8,
    unit: fc.constantFrom('a', 'b', '_', ' ', ',', '"', '(', ')', 'é'),
  });
  const fields = (depth: number): fc.Arbitrary<Field[]> =>
    fc.uniqueArray(
      fc.record({
        name,
        type:
          depth === 0
            ? leaf
            : fc.oneof(
                leaf,
                fields(depth - 1).map((inner) => `STRUCT(${render(inner)})`),
              ),
      }),
      { minLength: 1, maxLength: 4, selector: (field) => field.name },
    );
  const render = (list: Field[]) => list.map((field) => `${quote(field.name)} ${field.type}`).join(', ');

  it('reads back every field name and type DuckDB would print, quoted names included', () => {
    fc.assert(
      fc.property(fields(2), (list) => {
        expect(readStructFields(`STRUCT(${render(list)})`)).toEqual(list);
      }),
      { seed: 15, numRuns: Number(process.env.CHARTER_PROPERTY_RUNS ?? 500) },
    );
  });
});
