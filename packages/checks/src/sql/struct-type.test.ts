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
