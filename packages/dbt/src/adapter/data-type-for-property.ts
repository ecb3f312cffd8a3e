import { type LogicalType, logicalTypeOf } from '@charter/contracts';
import type { DbtAdapter } from './dbt-adapter';

/** The parts of an ODCS property that decide its warehouse type. */
export interface TypedProperty {
  logicalType?: string;
  physicalType?: string;
  logicalTypeOptions?: Record<string, unknown>;
}

/** Integer widths in bits, by the physical type names that say them (Avro, JSON Schema formats, SQL). */
const INTEGER_BITS: ReadonlyMap<string, 16 | 32 | 64> = new Map([
  ['smallint', 16],
  ['int2', 16],
  ['int16', 16],
  ['short', 16],
  ['tinyint', 16],
  ['byteint', 16],
  ['smallserial', 16],
  ['int', 32],
  ['integer', 32],
  ['int4', 32],
  ['int32', 32],
  ['mediumint', 32],
  ['serial', 32],
]);

const FLOAT_NAMES = new Set(['float', 'double', 'float4', 'float8', 'float32', 'float64', 'real', 'double precision']);
const DECIMAL = /^(?:decimal|numeric|number|dec)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/;

/** The logical type a property holds: its logicalType, or what its physicalType names; undefined when neither says. */
export function logicalTypeOfProperty(property: TypedProperty): LogicalType | undefined {
  if (property.logicalType) return property.logicalType as LogicalType;
  return property.physicalType ? logicalTypeOf(property.physicalType) : undefined;
}

/**
 * The dbt `data_type` of a contract property on an adapter: ODCS logicalType first, refined by physicalType
 * (integer width, decimal precision and scale, float) and logicalTypeOptions (string maxLength, timestamp timezone,
 * number/integer format). Undefined when the property's type is unknown (no logicalType, unknown physicalType).
 */
export function dataTypeForProperty(property: TypedProperty, adapter: DbtAdapter): string | undefined {
  const logical = logicalTypeOfProperty(property);
  const physical = (property.physicalType ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  const options = property.logicalTypeOptions ?? {};
  const format = typeof options.format === 'string' ? options.format.toLowerCase() : '';
  switch (logical) {
    case 'string':
      return stringType(adapter, typeof options.maxLength === 'number' ? options.maxLength : undefined);
    case 'integer':
      return integerType(adapter, INTEGER_BITS.get(format) ?? INTEGER_BITS.get(physical.replace(/\(.*$/, '')) ?? 64);
    case 'number': {
      const decimal = DECIMAL.exec(physical);
      if (decimal) return decimalType(adapter, Number(decimal[1]), Number(decimal[2] ?? 0));
      if (FLOAT_NAMES.has(physical) || format === 'float' || format === 'double')
        return floatType(
          adapter,
          physical === 'float' ||
            physical === 'float4' ||
            physical === 'float32' ||
            physical === 'real' ||
            format === 'float',
        );
      return decimalType(adapter);
    }
    case 'boolean':
      return { postgres: 'boolean', snowflake: 'BOOLEAN', bigquery: 'BOOL' }[adapter];
    case 'date':
      return { postgres: 'date', snowflake: 'DATE', bigquery: 'DATE' }[adapter];
    case 'time':
      return { postgres: 'time', snowflake: 'TIME', bigquery: 'TIME' }[adapter];
    case 'timestamp':
      return options.timezone === false
        ? { postgres: 'timestamp', snowflake: 'TIMESTAMP_NTZ', bigquery: 'DATETIME' }[adapter]
        : { postgres: 'timestamptz', snowflake: 'TIMESTAMP_TZ', bigquery: 'TIMESTAMP' }[adapter];
    case 'object':
    case 'array':
      return { postgres: 'jsonb', snowflake: 'VARIANT', bigquery: 'JSON' }[adapter];
    default:
      return undefined;
  }
}

function stringType(adapter: DbtAdapter, maxLength: number | undefined): string {
  if (adapter === 'bigquery') return 'STRING';
  if (maxLength === undefined || !Number.isInteger(maxLength) || maxLength <= 0)
    return adapter === 'postgres' ? 'text' : 'VARCHAR';
  return adapter === 'postgres' ? `varchar(${maxLength})` : `VARCHAR(${maxLength})`;
}

function integerType(adapter: DbtAdapter, bits: 16 | 32 | 64): string {
  if (adapter === 'snowflake') return 'NUMBER(38,0)';
  if (adapter === 'bigquery') return 'INT64';
  return { 16: 'smallint', 32: 'integer', 64: 'bigint' }[bits];
}

/** An exact decimal; without precision, Postgres's unbounded numeric and NUMERIC(38,9) elsewhere. */
function decimalType(adapter: DbtAdapter, precision?: number, scale = 0): string {
  if (precision === undefined) return { postgres: 'numeric', snowflake: 'NUMBER(38,9)', bigquery: 'NUMERIC' }[adapter];
  if (adapter === 'postgres') return `numeric(${precision},${scale})`;
  if (adapter === 'snowflake') return `NUMBER(${precision},${scale})`;
  return precision - scale > 29 || scale > 9 ? `BIGNUMERIC(${precision},${scale})` : `NUMERIC(${precision},${scale})`;
}

function floatType(adapter: DbtAdapter, single: boolean): string {
  if (adapter === 'postgres') return single ? 'real' : 'double precision';
  return adapter === 'snowflake' ? 'FLOAT' : 'FLOAT64';
}
