import type { LogicalType } from '@charter/contracts';
import type { FieldRef } from '../plan';
import { DIALECTS, quoteIdentifier, type SqlDialect, sqlLiteral } from './sql-dialect';
import { readStructFields } from './struct-type';

/** The source's column types by name (from describeColumns): how a nested property is reached depends on them. */
export type ColumnTypes = ReadonlyMap<string, string>;

/** SQL expressions reading one field of a row. */
export interface FieldAccess {
  /** True where every ancestor of the field is present (not null): `TRUE` for a column. */
  ancestorsPresent: string;
  /** True where the field is absent or null (JSON null included); says nothing of the ancestors. */
  isNull: string;
  /** Its negation: a value is there. */
  isNotNull: string;
  /** The value as text, NULL when absent or null. */
  text: string;
  /** The value as a number, NULL when absent, null or not a number. */
  number: string;
  /** The value itself, for comparisons and examples (a JSON value is its JSON). */
  value: string;
  /** True where the field holds a value of another type than `logicalType` (never for a typed column or struct field). */
  wrongType(logicalType: LogicalType): string;
}

/** Why a nested field cannot be read: its parent has no such field, or cannot hold fields at all. */
export interface FieldProblem {
  problem: 'missing' | 'not-nested';
  message: string;
}

/** A resolved nested field: typed (a struct field, its DuckDB type) or a JSON value (its type known per row). */
export type ResolvedField = { kind: 'typed'; type: string } | { kind: 'json'; type: string };

/**
 * How to read a field of the relation: a column as itself; a nested property through the parent's type — a
 * PostgreSQL `jsonb`/`json` column with `#>`/`#>>`, a DuckDB STRUCT with `struct_extract` (down to a JSON field, if
 * any), a DuckDB JSON value with JSON pointers (`json_extract_string(col, '/city')`). Throws a RangeError for a field
 * that cannot be read: the run checks {@link resolveField} first and leaves such checks unevaluated.
 */
export function fieldAccess(field: FieldRef, dialect: SqlDialect, types: ColumnTypes | undefined): FieldAccess {
  const column = quoteIdentifier(field.column);
  const path = field.path ?? [];
  if (path.length === 0) {
    return {
      ancestorsPresent: 'TRUE',
      isNull: `${column} IS NULL`,
      isNotNull: `${column} IS NOT NULL`,
      text: DIALECTS[dialect].asText(column),
      number: column,
      value: column,
      wrongType: () => 'FALSE',
    };
  }
  const type = types?.get(field.column);
  if (type === undefined)
    throw new RangeError(`the type of column ${field.column} is needed to read ${path.join('.')}`);
  const walked = walk(field, dialect, type);
  if ('problem' in walked) throw new RangeError(walked.message);
  const ancestors = walked.ancestors.length === 0 ? 'TRUE' : walked.ancestors.join(' AND ');
  if (walked.json === undefined) {
    return {
      ancestorsPresent: ancestors,
      isNull: `${walked.expression} IS NULL`,
      isNotNull: `${walked.expression} IS NOT NULL`,
      text: DIALECTS[dialect].asText(walked.expression),
      number: walked.expression,
      value: walked.expression,
      wrongType: () => 'FALSE',
    };
  }
  const json = JSON_OPS[walked.json.flavour];
  const base = walked.expression;
  const keys = walked.json.keys;
  const typeOf = `coalesce(${json.typeOf(base, keys)}, ${sqlLiteral(json.nullName)})`;
  const text = json.text(base, keys);
  const numeric = json.numberNames.map(sqlLiteral).join(', ');
  return {
    ancestorsPresent: ancestors,
    isNull: `${typeOf} = ${sqlLiteral(json.nullName)}`,
    isNotNull: `${typeOf} <> ${sqlLiteral(json.nullName)}`,
    text,
    number: `CASE WHEN ${typeOf} IN (${numeric}) THEN ${json.toNumber(text)} END`,
    value: json.value(base, keys),
    wrongType(logicalType) {
      if (logicalType === 'integer') {
        const integral = DIALECTS[dialect].regexMatches(text, '^-?[0-9]+$');
        return `(${typeOf} <> ${sqlLiteral(json.nullName)} AND NOT (${typeOf} IN (${numeric}) AND ${integral}))`;
      }
      const expected = json.typesOf[logicalType];
      return `${typeOf} NOT IN (${[json.nullName, ...expected].map(sqlLiteral).join(', ')})`;
    },
  };
}

/** Whether a nested field can be read from a column of this type, and as what. */
export function resolveField(
  field: Required<FieldRef>,
  dialect: SqlDialect,
  columnType: string,
): ResolvedField | FieldProblem {
  const walked = walk(field, dialect, columnType);
  if ('problem' in walked) return walked;
  return walked.json === undefined ? { kind: 'typed', type: walked.type } : { kind: 'json', type: walked.type };
}

type Walked =
  | {
      expression: string;
      ancestors: string[];
      type: string;
      json?: { flavour: 'jsonb' | 'json' | 'duckdb'; keys: string[] };
    }
  | FieldProblem;

/** Follows the path from the column: through STRUCT fields while the type says so, then into JSON. */
function walk(field: FieldRef, dialect: SqlDialect, columnType: string): Walked {
  const path = field.path ?? [];
  let expression = quoteIdentifier(field.column);
  let type = columnType.trim();
  const ancestors: string[] = [];
  const reached = [field.column];
  for (let index = 0; index < path.length; index++) {
    const json = jsonFlavour(dialect, type);
    if (json !== undefined) {
      const ops = JSON_OPS[json];
      for (let depth = index; depth < path.length; depth++) {
        const keys = path.slice(index, depth);
        const present = `coalesce(${ops.typeOf(expression, keys)}, ${sqlLiteral(ops.nullName)})`;
        ancestors.push(`${present} <> ${sqlLiteral(ops.nullName)}`);
      }
      return { expression, ancestors, type, json: { flavour: json, keys: path.slice(index) } };
    }
    const fields = dialect === 'duckdb' ? readStructFields(type) : undefined;
    const where = reached.join('.');
    if (fields === undefined) {
      return {
        problem: 'not-nested',
        message: `${where} is ${type}: nested properties need ${dialect === 'postgres' ? 'a jsonb or json column' : 'a STRUCT or JSON column'}`,
      };
    }
    const key = path[index]!;
    const child = fields.find((candidate) => candidate.name === key);
    if (child === undefined) return { problem: 'missing', message: `${where}.${key}: field missing` };
    ancestors.push(`${expression} IS NOT NULL`);
    expression = `struct_extract(${expression}, ${sqlLiteral(key)})`;
    type = child.type;
    reached.push(key);
  }
  // A struct field typed JSON (read_json's type for a field mixing types) is read row by row, as JSON.
  const json = jsonFlavour(dialect, type);
  return json === undefined
    ? { expression, ancestors, type }
    : { expression, ancestors, type, json: { flavour: json, keys: [] } };
}

function jsonFlavour(dialect: SqlDialect, type: string): 'jsonb' | 'json' | 'duckdb' | undefined {
  const name = type.toLowerCase();
  if (dialect === 'postgres') return name === 'jsonb' ? 'jsonb' : name === 'json' ? 'json' : undefined;
  return name === 'json' ? 'duckdb' : undefined;
}

interface JsonOps {
  /** The engine's name of a value's JSON type, NULL when the path is absent. */
  typeOf(base: string, keys: string[]): string;
  text(base: string, keys: string[]): string;
  value(base: string, keys: string[]): string;
  toNumber(text: string): string;
  nullName: string;
  numberNames: string[];
  typesOf: Record<Exclude<LogicalType, 'integer'>, string[]>;
}

const pgPath = (keys: string[]) => `ARRAY[${keys.map(sqlLiteral).join(', ')}]::text[]`;
/** RFC 6901: `~` and `/` in a key escaped; DuckDB reads a path starting with `/` as a JSON pointer. */
const pointer = (keys: string[]) =>
  keys.length === 0
    ? "'$'"
    : sqlLiteral(keys.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''));

function postgresJson(prefix: 'jsonb' | 'json'): JsonOps {
  const at = (base: string, keys: string[]) => (keys.length === 0 ? base : `(${base} #> ${pgPath(keys)})`);
  return {
    typeOf: (base, keys) => `${prefix}_typeof(${at(base, keys)})`,
    text: (base, keys) => `(${base} #>> ${pgPath(keys)})`,
    value: at,
    toNumber: (text) => `(${text})::numeric`,
    nullName: 'null',
    numberNames: ['number'],
    typesOf: {
      string: ['string'],
      number: ['number'],
      boolean: ['boolean'],
      date: ['string'],
      timestamp: ['string'],
      time: ['string'],
      object: ['object'],
      array: ['array'],
    },
  };
}

const JSON_OPS: Readonly<Record<'jsonb' | 'json' | 'duckdb', JsonOps>> = {
  jsonb: postgresJson('jsonb'),
  json: postgresJson('json'),
  duckdb: {
    typeOf: (base, keys) => (keys.length === 0 ? `json_type(${base})` : `json_type(${base}, ${pointer(keys)})`),
    text: (base, keys) => `json_extract_string(${base}, ${pointer(keys)})`,
    value: (base, keys) => `json_extract(${base}, ${pointer(keys)})`,
    toNumber: (text) => `TRY_CAST(${text} AS DOUBLE)`,
    nullName: 'NULL',
    numberNames: ['BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE'],
    typesOf: {
      string: ['VARCHAR'],
      number: ['BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE'],
      boolean: ['BOOLEAN'],
      date: ['VARCHAR'],
      timestamp: ['VARCHAR'],
      time: ['VARCHAR'],
      object: ['OBJECT'],
      array: ['ARRAY'],
    },
  },
};
