/** What a warehouse type holds, after aliases are resolved. */
export type DataTypeFamily =
  | 'string'
  | 'integer'
  | 'decimal'
  /** Snowflake's bare NUMBER as its catalog reports every NUMBER(p,s): an integer or a decimal. */
  | 'number'
  | 'float'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_tz'
  | 'timestamp_ntz'
  /** Semi-structured and nested values: jsonb, VARIANT, JSON, STRUCT, arrays. */
  | 'json'
  | 'other';

export interface CanonicalDataType {
  family: DataTypeFamily;
  /** The resolved name within the family: an integer width (`bigint`), `double`, or the lower-cased name. */
  base: string;
  length?: number;
  precision?: number;
  scale?: number;
}

const STRING_NAMES = new Set([
  'text',
  'varchar',
  'character varying',
  'char',
  'character',
  'bpchar',
  'nchar',
  'nvarchar',
  'nvarchar2',
  'char varying',
  'nchar varying',
  'string',
  'citext',
  'uuid',
  'name',
]);
const POSTGRES_INTEGERS: ReadonlyMap<string, string> = new Map([
  ['smallint', 'smallint'],
  ['int2', 'smallint'],
  ['smallserial', 'smallint'],
  ['integer', 'integer'],
  ['int', 'integer'],
  ['int4', 'integer'],
  ['serial', 'integer'],
  ['bigint', 'bigint'],
  ['int8', 'bigint'],
  ['bigserial', 'bigint'],
]);
/** Snowflake and BigQuery integer names: each is one type there (NUMBER(38,0), INT64). */
const OTHER_INTEGERS = new Set(['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint', 'int64']);
const DECIMAL_NAMES = new Set(['numeric', 'decimal', 'number', 'dec', 'bignumeric', 'bigdecimal']);
const FLOATS: ReadonlyMap<string, string> = new Map([
  ['real', 'real'],
  ['float4', 'real'],
  ['double precision', 'double'],
  ['double', 'double'],
  ['float8', 'double'],
  ['float', 'double'],
  ['float64', 'double'],
]);
const JSON_NAMES = new Set(['json', 'jsonb', 'variant', 'object', 'array', 'struct', 'record', 'super', 'map']);

/**
 * Resolves a warehouse type name (as a model declares it or a catalog reports it) to its family and parameters, the
 * adapter deciding what ambiguous names mean: `timestamp` is with a time zone on BigQuery and without elsewhere;
 * integer widths are distinct types only on Postgres (and adapters Charter does not know).
 */
export function canonicalDataType(typeName: string, adapter: string): CanonicalDataType {
  let name = typeName.trim().toLowerCase().replace(/\s+/g, ' ');
  if (name.endsWith('[]') || /^_[a-z]/.test(name)) return { family: 'json', base: 'array' };
  const generic = /^(array|struct|map|range)\s*</.exec(name);
  if (generic) return { family: 'json', base: generic[1]! };
  let parameters: number[] = [];
  const parameterised = /^([a-z_ ]*?)\s*\(([^)]*)\)\s*(.*)$/.exec(name);
  if (parameterised) {
    const [, base = '', inside = '', after = ''] = parameterised;
    name = `${base}${after ? ` ${after}` : ''}`.trim();
    parameters = inside
      .split(',')
      .map((part) => Number(part.trim()))
      .filter((value) => Number.isFinite(value));
  }
  if (STRING_NAMES.has(name)) {
    return parameters[0] === undefined
      ? { family: 'string', base: 'string' }
      : { family: 'string', base: 'string', length: parameters[0] };
  }
  if (adapter === 'postgres' || !['snowflake', 'bigquery'].includes(adapter)) {
    const width = POSTGRES_INTEGERS.get(name);
    if (width) return { family: 'integer', base: width };
  } else if (OTHER_INTEGERS.has(name)) {
    return { family: 'integer', base: adapter === 'snowflake' ? 'number' : 'int64' };
  }
  if (DECIMAL_NAMES.has(name)) return decimal(parameters, adapter);
  const float = FLOATS.get(name);
  if (float) return { family: 'float', base: adapter === 'postgres' ? float : 'double' };
  if (name === 'boolean' || name === 'bool') return { family: 'boolean', base: 'boolean' };
  if (name === 'date') return { family: 'date', base: 'date' };
  if (name === 'time' || name === 'time without time zone' || name === 'timetz' || name === 'time with time zone')
    return { family: 'time', base: name.includes('z') ? 'timetz' : 'time' };
  const timestamp = timestampFamily(name, adapter);
  if (timestamp) return { family: timestamp, base: timestamp };
  if (JSON_NAMES.has(name)) return { family: 'json', base: name };
  return { family: 'other', base: name };
}

function decimal(parameters: number[], adapter: string): CanonicalDataType {
  const [precision, scale] = parameters;
  if (precision === undefined) {
    // Snowflake: NUMBER alone is NUMBER(38,0) in DDL, but its catalog reports every NUMBER(p,s) as NUMBER.
    if (adapter === 'snowflake') return { family: 'number', base: 'number' };
    return { family: 'decimal', base: 'decimal' };
  }
  if (adapter === 'snowflake' && (scale ?? 0) === 0) return { family: 'integer', base: 'number' };
  return { family: 'decimal', base: 'decimal', precision, scale: scale ?? 0 };
}

function timestampFamily(name: string, adapter: string): 'timestamp_tz' | 'timestamp_ntz' | undefined {
  if (['timestamptz', 'timestamp with time zone', 'timestamp_tz', 'timestamp_ltz'].includes(name))
    return 'timestamp_tz';
  if (['timestamp without time zone', 'timestamp_ntz', 'datetime'].includes(name)) return 'timestamp_ntz';
  if (name === 'timestamp') return adapter === 'bigquery' ? 'timestamp_tz' : 'timestamp_ntz';
  return undefined;
}

/**
 * Whether a found type (declared on the model or built in the warehouse) holds what the expected type holds: the same
 * family; the same integer width; a string at least as long; a decimal of the same scale and at least the precision;
 * a double for a real. Missing parameters on either side are not held against it (catalogs often omit them).
 */
export function isDataTypeCompatible(expected: string, found: string, adapter: string): boolean {
  const want = canonicalDataType(expected, adapter);
  const have = canonicalDataType(found, adapter);
  if (have.family === 'number')
    return want.family === 'integer' || want.family === 'decimal' || want.family === 'number';
  if (want.family === 'number') return have.family === 'integer' || have.family === 'decimal';
  if (want.family !== have.family) return false;
  switch (want.family) {
    case 'integer':
    case 'time':
    case 'other':
      return want.base === have.base;
    case 'string':
      return want.length === undefined || have.length === undefined || have.length >= want.length;
    case 'decimal':
      if (want.scale === undefined || have.scale === undefined) return true;
      return have.scale === want.scale && (have.precision ?? 0) >= (want.precision ?? 0);
    case 'float':
      return !(want.base === 'double' && have.base === 'real');
    default:
      return true;
  }
}
