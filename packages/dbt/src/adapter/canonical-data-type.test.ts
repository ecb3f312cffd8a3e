import { isDataTypeCompatible } from './canonical-data-type';
import { dataTypeForProperty } from './data-type-for-property';
import { DBT_ADAPTERS } from './dbt-adapter';

describe('isDataTypeCompatible', () => {
  // [adapter, expected (as generated), found (declared or built), compatible]
  const cases: Array<[string, string, string, boolean]> = [
    ['postgres', 'bigint', 'int8', true],
    ['postgres', 'bigint', 'BIGINT', true],
    ['postgres', 'bigint', 'integer', false],
    ['postgres', 'integer', 'bigint', false],
    ['postgres', 'integer', 'int4', true],
    ['postgres', 'smallint', 'int2', true],
    ['postgres', 'text', 'varchar(255)', true],
    ['postgres', 'text', 'character varying(255)', true],
    ['postgres', 'varchar(20)', 'varchar(10)', false],
    ['postgres', 'varchar(20)', 'text', true],
    ['postgres', 'text', 'uuid', true],
    ['postgres', 'text', 'integer', false],
    ['postgres', 'timestamptz', 'timestamp with time zone', true],
    ['postgres', 'timestamptz', 'timestamp(3) with time zone', true],
    ['postgres', 'timestamptz', 'timestamp', false],
    ['postgres', 'timestamp', 'timestamp without time zone', true],
    ['postgres', 'numeric(12,2)', 'numeric(12,2)', true],
    ['postgres', 'numeric(12,2)', 'decimal(14,2)', true],
    ['postgres', 'numeric(12,2)', 'numeric(12,4)', false],
    ['postgres', 'numeric(12,2)', 'numeric(10,2)', false],
    ['postgres', 'numeric', 'numeric(12,2)', true],
    ['postgres', 'double precision', 'float8', true],
    ['postgres', 'double precision', 'real', false],
    ['postgres', 'real', 'double precision', true],
    ['postgres', 'boolean', 'bool', true],
    ['postgres', 'jsonb', 'json', true],
    ['postgres', 'jsonb', 'text', false],
    ['postgres', 'jsonb', 'integer[]', true],
    ['postgres', 'date', 'timestamp', false],
    ['snowflake', 'NUMBER(38,0)', 'NUMBER', true],
    ['snowflake', 'NUMBER(38,0)', 'INTEGER', true],
    ['snowflake', 'NUMBER(38,0)', 'bigint', true],
    ['snowflake', 'NUMBER(38,0)', 'NUMBER(12,2)', false],
    ['snowflake', 'NUMBER(12,2)', 'NUMBER', true],
    ['snowflake', 'NUMBER(38,0)', 'FLOAT', false],
    ['snowflake', 'VARCHAR', 'TEXT', true],
    ['snowflake', 'VARCHAR', 'STRING', true],
    ['snowflake', 'TIMESTAMP_TZ', 'TIMESTAMP_LTZ', true],
    ['snowflake', 'TIMESTAMP_TZ', 'TIMESTAMP_NTZ', false],
    ['snowflake', 'TIMESTAMP_TZ', 'TIMESTAMP', false],
    ['snowflake', 'TIMESTAMP_NTZ', 'DATETIME', true],
    ['snowflake', 'VARIANT', 'OBJECT', true],
    ['snowflake', 'VARIANT', 'ARRAY', true],
    ['bigquery', 'INT64', 'INTEGER', true],
    ['bigquery', 'INT64', 'int64', true],
    ['bigquery', 'INT64', 'NUMERIC', false],
    ['bigquery', 'TIMESTAMP', 'TIMESTAMP', true],
    ['bigquery', 'TIMESTAMP', 'DATETIME', false],
    ['bigquery', 'STRING', 'STRING(10)', true],
    ['bigquery', 'JSON', 'STRUCT<city STRING, country STRING>', true],
    ['bigquery', 'JSON', 'ARRAY<INT64>', true],
    ['bigquery', 'BOOL', 'BOOLEAN', true],
    ['bigquery', 'FLOAT64', 'FLOAT64', true],
    ['bigquery', 'NUMERIC(12,2)', 'BIGNUMERIC(40,2)', true],
    ['postgres', 'geography', 'geography', true],
    ['postgres', 'geography', 'geometry', false],
  ];
  it.each(cases)('%s: expected %s, found %s → %s', (adapter, expected, found, compatible) => {
    expect(isDataTypeCompatible(expected, found, adapter)).toBe(compatible);
  });

  it('every type the generator writes is compatible with itself, in any case', () => {
    const properties = [
      { logicalType: 'string' },
      { logicalType: 'string', logicalTypeOptions: { maxLength: 12 } },
      { logicalType: 'integer', physicalType: 'int' },
      { logicalType: 'integer', physicalType: 'long' },
      { logicalType: 'integer', physicalType: 'short' },
      { logicalType: 'number' },
      { logicalType: 'number', physicalType: 'decimal(12,2)' },
      { logicalType: 'number', physicalType: 'double' },
      { logicalType: 'number', physicalType: 'float' },
      { logicalType: 'boolean' },
      { logicalType: 'date' },
      { logicalType: 'time' },
      { logicalType: 'timestamp' },
      { logicalType: 'timestamp', logicalTypeOptions: { timezone: false } },
      { logicalType: 'object' },
      { logicalType: 'array' },
    ];
    for (const adapter of DBT_ADAPTERS) {
      for (const property of properties) {
        const type = dataTypeForProperty(property, adapter)!;
        expect([adapter, type, isDataTypeCompatible(type, type.toLowerCase(), adapter)]).toEqual([adapter, type, true]);
      }
    }
  });
});

describe('dataTypeForProperty', () => {
  // [property, postgres, snowflake, bigquery]
  const cases: Array<[Record<string, unknown>, string, string, string]> = [
    [{ logicalType: 'string' }, 'text', 'VARCHAR', 'STRING'],
    [{ logicalType: 'string', logicalTypeOptions: { maxLength: 3 } }, 'varchar(3)', 'VARCHAR(3)', 'STRING'],
    [{ logicalType: 'integer', physicalType: 'long' }, 'bigint', 'NUMBER(38,0)', 'INT64'],
    [{ logicalType: 'integer', physicalType: 'int' }, 'integer', 'NUMBER(38,0)', 'INT64'],
    [{ logicalType: 'integer' }, 'bigint', 'NUMBER(38,0)', 'INT64'],
    [{ logicalType: 'integer', logicalTypeOptions: { format: 'int32' } }, 'integer', 'NUMBER(38,0)', 'INT64'],
    [{ logicalType: 'number', physicalType: 'decimal(12,2)' }, 'numeric(12,2)', 'NUMBER(12,2)', 'NUMERIC(12,2)'],
    [
      { logicalType: 'number', physicalType: 'NUMERIC(40, 12)' },
      'numeric(40,12)',
      'NUMBER(40,12)',
      'BIGNUMERIC(40,12)',
    ],
    [{ logicalType: 'number', physicalType: 'double' }, 'double precision', 'FLOAT', 'FLOAT64'],
    [{ logicalType: 'number' }, 'numeric', 'NUMBER(38,9)', 'NUMERIC'],
    [{ logicalType: 'boolean' }, 'boolean', 'BOOLEAN', 'BOOL'],
    [{ logicalType: 'timestamp' }, 'timestamptz', 'TIMESTAMP_TZ', 'TIMESTAMP'],
    [{ logicalType: 'timestamp', logicalTypeOptions: { timezone: false } }, 'timestamp', 'TIMESTAMP_NTZ', 'DATETIME'],
    [{ logicalType: 'object' }, 'jsonb', 'VARIANT', 'JSON'],
    [{ logicalType: 'array' }, 'jsonb', 'VARIANT', 'JSON'],
    [{ physicalType: 'timestamp-millis' }, 'timestamptz', 'TIMESTAMP_TZ', 'TIMESTAMP'],
  ];
  it.each(cases)('%j → %s / %s / %s', (property, postgres, snowflake, bigquery) => {
    expect(DBT_ADAPTERS.map((adapter) => dataTypeForProperty(property, adapter))).toEqual([
      postgres,
      snowflake,
      bigquery,
    ]);
  });

  it('has no type for a property without logicalType whose physicalType it does not know', () => {
    expect(dataTypeForProperty({ physicalType: 'geography' }, 'postgres')).toBeUndefined();
  });
});
