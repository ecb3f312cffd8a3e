import type { LOGICAL_TYPES } from './odcs/odcs-schema-object';

/** ODCS 3.1's logical types: what a contract says a property holds, whatever the store calls it. */
export type LogicalType = (typeof LOGICAL_TYPES)[number];

/**
 * Type names as producers report them (OpenLineage schema facets from SQL engines, Spark, Flink and dbt; Avro and
 * JSON Schema; ODCS `physicalType`s), lower-cased, by the ODCS logical type they hold. A name is read after
 * lower-casing, collapsing spaces and dropping its parameters (`varchar(255)` → `varchar`, `array<string>` → `array`).
 */
const TYPE_NAMES: Readonly<Record<LogicalType, readonly string[]>> = {
  string: [
    'string',
    'str',
    'text',
    'tinytext',
    'mediumtext',
    'longtext',
    'varchar',
    'varchar2',
    'nvarchar',
    'nvarchar2',
    'char',
    'nchar',
    'bpchar',
    'character',
    'character varying',
    'national character varying',
    'citext',
    'clob',
    'nclob',
    'uuid',
    'uniqueidentifier',
    'enum',
    'utf8',
    'large_string',
    'large_utf8',
    'fixedstring',
    'keyword',
  ],
  integer: [
    'integer',
    'int',
    'int2',
    'int4',
    'int8',
    'int16',
    'int32',
    'int64',
    'int128',
    'int256',
    'uint8',
    'uint16',
    'uint32',
    'uint64',
    'tinyint',
    'smallint',
    'mediumint',
    'bigint',
    'byteint',
    'long',
    'short',
    'serial',
    'serial4',
    'serial8',
    'smallserial',
    'bigserial',
  ],
  number: [
    'number',
    'numeric',
    'decimal',
    'dec',
    'bignumeric',
    'bigdecimal',
    'double',
    'double precision',
    'float',
    'float4',
    'float8',
    'float32',
    'float64',
    'real',
    'money',
    'smallmoney',
  ],
  boolean: ['boolean', 'bool', 'logical'],
  date: ['date', 'date32', 'date64'],
  timestamp: [
    'timestamp',
    'timestamptz',
    'timestamp with time zone',
    'timestamp without time zone',
    'timestamp_tz',
    'timestamp_ltz',
    'timestamp_ntz',
    'timestamp-millis',
    'timestamp-micros',
    'timestamp-nanos',
    'local-timestamp-millis',
    'local-timestamp-micros',
    'local-timestamp-nanos',
    'datetime',
    'datetime2',
    'datetime64',
    'datetimeoffset',
    'smalldatetime',
    'instant',
  ],
  time: [
    'time',
    'timetz',
    'time with time zone',
    'time without time zone',
    'time-millis',
    'time-micros',
    'time32',
    'time64',
  ],
  object: ['object', 'struct', 'record', 'row', 'map', 'tuple', 'nested'],
  array: ['array', 'list', 'large_list', 'repeated', 'set', 'multiset'],
};

const BY_NAME: ReadonlyMap<string, LogicalType> = new Map(
  (Object.entries(TYPE_NAMES) as Array<[LogicalType, readonly string[]]>).flatMap(([logical, names]) =>
    names.map((name): [string, LogicalType] => [name, logical]),
  ),
);

/** Wrappers that say how a value is stored, not what it is (ClickHouse): `Nullable(String)` is a string. */
const WRAPPERS = /^(?:nullable|lowcardinality)\s*\((.*)\)$/;

/**
 * The ODCS logical type a reported type name holds, or undefined when Charter does not know the name (`geography`,
 * `variant`, `json`, `bytes`, a user-defined type): an unknown name is never taken for a mismatch. Decimal types
 * with a scale of 0 (`number(38,0)`, `numeric(10)`) hold integers, as Snowflake reports its INTEGER columns.
 * Postgres arrays (`integer[]`, `_int4`) are arrays.
 */
export function logicalTypeOf(typeName: string): LogicalType | undefined {
  let name = typeName.trim().toLowerCase().replace(/\s+/g, ' ');
  for (let unwrapped = WRAPPERS.exec(name); unwrapped; unwrapped = WRAPPERS.exec(name)) name = unwrapped[1]!.trim();
  if (name.endsWith('[]') || /^_[a-z]/.test(name)) return 'array';
  const parameters = /^([^(<]*?)\s*[(<](.*)[)>]\s*(.*)$/.exec(name);
  if (!parameters) return BY_NAME.get(name);
  const [, base = '', inside = '', after = ''] = parameters;
  // `timestamp(3) with time zone`: the words after the parameters are part of the name.
  const logical = BY_NAME.get(after === '' ? base : `${base} ${after}`) ?? BY_NAME.get(base);
  if (logical === 'number' && DECIMALS.has(base) && hasZeroScale(inside)) return 'integer';
  return logical;
}

const DECIMALS = new Set(['number', 'numeric', 'decimal', 'dec']);

/** `38,0` or `10` (precision only: the scale defaults to 0 in SQL). */
function hasZeroScale(parameters: string): boolean {
  const parts = parameters.split(',').map((part) => part.trim());
  if (parts.length === 1) return /^\d+$/.test(parts[0]!);
  return parts.length === 2 && /^\d+$/.test(parts[0]!) && /^0+$/.test(parts[1]!);
}

/**
 * Whether a field reported as `reported` keeps a contract's property. The reported type may hold the property's
 * logicalType or, when the contract gives one, what its physicalType holds (a JSON topic reports an ODCS `date`
 * stored as a string as `string`); an integer keeps a `number`. Unknown on either side: kept.
 */
export function isReportedTypeCompatible(
  property: { logicalType?: LogicalType; physicalType?: string },
  reported: LogicalType | undefined,
): boolean {
  if (reported === undefined) return true;
  const declared = [property.logicalType, property.physicalType && logicalTypeOf(property.physicalType)].filter(
    (logical): logical is LogicalType => logical !== undefined,
  );
  if (declared.length === 0) return true;
  return declared.some((logical) => logical === reported || (logical === 'number' && reported === 'integer'));
}
