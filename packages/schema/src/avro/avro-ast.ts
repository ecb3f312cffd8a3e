import { SchemaError, SchemaErrorCode } from '../errors';
import { appendPointer } from '../json-pointer';
import { DEFAULT_SCHEMA_LIMITS, isJsonObject, type SchemaLimits } from '../parse-json-text';
import type { JsonValue } from '../types';

export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type AvroPrimitiveName = (typeof AVRO_PRIMITIVES)[number];

/**
 * What a schema says beyond what reading needs, kept for its identity: `doc`, a field's `order`, logical types with
 * their parameters, custom properties. Keys Avro reserves for a kind and the kind does not use (a `doc` on a
 * primitive, a `namespace` on an array) are not kept, as Avro's own parser drops them.
 */
export type AvroProperties = Readonly<Record<string, JsonValue>>;

export interface AvroPrimitive {
  kind: 'primitive';
  type: AvroPrimitiveName;
  logicalType?: string;
  properties?: AvroProperties;
}
interface AvroNamedBase {
  fullName: string;
  /** The unqualified name: Avro's checker compares these. */
  name: string;
  aliases: string[];
  properties?: AvroProperties;
}
export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  /** Declared as `"type": "error"` (a record in every other respect). */
  isError?: boolean;
  fields: AvroField[];
}
export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroNode;
  hasDefault: boolean;
  default?: JsonValue;
  /** Position in the record, as Avro's checker reports it. */
  position: number;
  /** `doc`, `order` (when not the default ascending) and custom properties. */
  properties?: AvroProperties;
}
export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  default?: string;
}
export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
  logicalType?: string;
}
export interface AvroArray {
  kind: 'array';
  items: AvroNode;
  properties?: AvroProperties;
}
export interface AvroMap {
  kind: 'map';
  values: AvroNode;
  properties?: AvroProperties;
}
export interface AvroUnion {
  kind: 'union';
  branches: AvroNode[];
}
export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;
export type AvroNode = AvroPrimitive | AvroNamed | AvroArray | AvroMap | AvroUnion;

/**
 * One node per plain primitive, shared by every use (a wide record holds thousands): nodes are never changed after
 * building, so sharing them is safe and keeps a parsed schema a few times its text rather than many.
 */
const PRIMITIVE_NODES = Object.freeze(
  Object.fromEntries(AVRO_PRIMITIVES.map((type) => [type, Object.freeze({ kind: 'primitive', type })])),
) as Readonly<Record<AvroPrimitiveName, AvroPrimitive>>;
const NO_ALIASES: string[] = Object.freeze([]) as unknown as string[];

/** Named types known while building: full name -> node. References are pre-seeded into it. */
export type AvroNameRegistry = Map<string, AvroNamed>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys Avro reserves on a schema (Avro's Java parser keeps no other as a property). */
const SCHEMA_RESERVED = new Set([
  'type',
  'name',
  'namespace',
  'doc',
  'aliases',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
]);
/** Named types keep their `doc` as a property; an enum's `default` is held apart. */
const NAMED_RESERVED = new Set([...SCHEMA_RESERVED].filter((key) => key !== 'doc'));
const ENUM_RESERVED = new Set([...NAMED_RESERVED, 'default']);
const FIELD_RESERVED = new Set(['name', 'type', 'default', 'aliases']);
const FIELD_ORDERS = ['ascending', 'descending', 'ignore'];

/**
 * Builds Charter's Avro model from schema JSON, checking structure as it goes so that every error names the
 * JSON-pointer path where it is. Named types resolve to one shared node, so recursive schemas form cycles.
 */
export function buildAvroAst(
  schema: JsonValue,
  registry: AvroNameRegistry = new Map(),
  limits: Pick<SchemaLimits, 'maxFields' | 'maxEnumSymbols' | 'maxUnionBranches'> = DEFAULT_SCHEMA_LIMITS,
): AvroNode {
  return new AvroAstBuilder(registry, limits).build(schema, '', '');
}

class AvroAstBuilder {
  constructor(
    private readonly names: AvroNameRegistry,
    private readonly limits: Pick<SchemaLimits, 'maxFields' | 'maxEnumSymbols' | 'maxUnionBranches'>,
  ) {}

  build(schema: JsonValue, namespace: string, path: string): AvroNode {
    if (typeof schema === 'string') return this.reference(schema, namespace, path);
    if (Array.isArray(schema)) return this.union(schema, namespace, path);
    if (!isJsonObject(schema)) {
      fail(`a schema must be a type name, an object or a union array, not ${describe(schema)}`, path);
    }
    const type = schema.type;
    if (type === undefined) fail('missing "type"', path);
    if (typeof type !== 'string') {
      // {"type": {...}} and {"type": [...]} wrap another schema.
      return this.build(type, namespace, appendPointer(path, 'type'));
    }
    const logicalType = typeof schema.logicalType === 'string' ? schema.logicalType : undefined;
    switch (type) {
      case 'record':
      case 'error':
        return this.record(schema, namespace, path);
      case 'enum':
        return this.enumeration(schema, namespace, path);
      case 'fixed':
        return this.fixed(schema, namespace, path, logicalType);
      case 'array':
        if (!('items' in schema)) fail('array without "items"', path);
        return withProperties(
          { kind: 'array', items: this.build(schema.items as JsonValue, namespace, appendPointer(path, 'items')) },
          properties(schema, SCHEMA_RESERVED),
        );
      case 'map':
        if (!('values' in schema)) fail('map without "values"', path);
        return withProperties(
          { kind: 'map', values: this.build(schema.values as JsonValue, namespace, appendPointer(path, 'values')) },
          properties(schema, SCHEMA_RESERVED),
        );
      default:
        if (isPrimitive(type)) {
          const kept = properties(schema, SCHEMA_RESERVED);
          if (!kept && !logicalType) return PRIMITIVE_NODES[type];
          return withProperties({ kind: 'primitive', type, ...(logicalType ? { logicalType } : {}) }, kept);
        }
        return this.reference(type, namespace, appendPointer(path, 'type'));
    }
  }

  private reference(name: string, namespace: string, path: string): AvroNode {
    if (isPrimitive(name)) return PRIMITIVE_NODES[name];
    const fullName = qualify(name, namespace);
    const named = this.names.get(fullName) ?? this.names.get(name);
    if (!named) {
      fail(`unknown type "${name}"${fullName !== name ? ` (looked up as "${fullName}")` : ''}`, path, {
        code: SchemaErrorCode.UnresolvedReference,
      });
    }
    return named;
  }

  private union(branches: JsonValue[], namespace: string, path: string): AvroUnion {
    if (branches.length > this.limits.maxUnionBranches) {
      fail(`a union has ${branches.length} branches; the limit is ${this.limits.maxUnionBranches}`, path, {
        code: SchemaErrorCode.TooManyBranches,
      });
    }
    if (branches.length === 0) fail('a union needs at least one branch', path);
    const seen = new Set<string>();
    // Built with map, so the array is exactly its length (pushing would over-allocate, thousands of times over).
    const nodes = branches.map((branch, index) => {
      const branchPath = appendPointer(path, index);
      if (Array.isArray(branch)) fail('a union cannot directly contain another union', branchPath);
      const node = this.build(branch, namespace, branchPath);
      const key = branchKey(node);
      if (seen.has(key)) fail(`union has more than one branch of type "${key}"`, branchPath);
      seen.add(key);
      return node;
    });
    return { kind: 'union', branches: nodes };
  }

  private declare<T extends AvroNamed>(
    schema: { [key: string]: JsonValue },
    namespace: string,
    path: string,
    make: (base: AvroNamedBase, ns: string) => T,
  ): T {
    const rawName = schema.name;
    if (typeof rawName !== 'string') fail(`a ${schema.type} needs a string "name"`, path);
    if (schema.namespace !== undefined && typeof schema.namespace !== 'string') {
      fail('"namespace" must be a string', appendPointer(path, 'namespace'));
    }
    const ownNamespace = rawName.includes('.')
      ? rawName.slice(0, rawName.lastIndexOf('.'))
      : typeof schema.namespace === 'string'
        ? schema.namespace
        : namespace;
    const fullName = qualify(rawName, ownNamespace);
    checkFullName(fullName, appendPointer(path, 'name'));
    if (isPrimitive(fullName))
      fail(`"${fullName}" is a primitive type name and cannot be redefined`, appendPointer(path, 'name'));
    if (this.names.has(fullName)) fail(`type "${fullName}" is defined twice`, appendPointer(path, 'name'));
    const aliases = readAliases(schema.aliases, appendPointer(path, 'aliases')).map((alias) =>
      qualify(alias, ownNamespace),
    );
    const node = make(
      withProperties(
        { fullName, name: fullName.slice(fullName.lastIndexOf('.') + 1), aliases },
        properties(schema, schema.type === 'enum' ? ENUM_RESERVED : NAMED_RESERVED),
      ),
      ownNamespace,
    );
    this.names.set(fullName, node);
    return node;
  }

  private record(schema: { [key: string]: JsonValue }, namespace: string, path: string): AvroRecord {
    const fields = schema.fields;
    const record = this.declare(
      schema,
      namespace,
      path,
      (base): AvroRecord => ({
        kind: 'record',
        ...base,
        ...(schema.type === 'error' ? { isError: true } : {}),
        fields: [],
      }),
    );
    if (!Array.isArray(fields)) fail('a record needs a "fields" array', path);
    if (fields.length > this.limits.maxFields) {
      fail(
        `a record has ${fields.length} fields; the limit is ${this.limits.maxFields}`,
        appendPointer(path, 'fields'),
        {
          code: SchemaErrorCode.TooManyFields,
        },
      );
    }
    const ownNamespace = record.fullName.includes('.')
      ? record.fullName.slice(0, record.fullName.lastIndexOf('.'))
      : '';
    const seen = new Set<string>();
    fields.forEach((field, position) => {
      const fieldPath = appendPointer(path, 'fields', position);
      if (!isJsonObject(field)) fail('a field must be an object', fieldPath);
      const name = field.name;
      if (typeof name !== 'string' || !NAME.test(name))
        fail(`invalid field name ${JSON.stringify(name)}`, appendPointer(fieldPath, 'name'));
      if (seen.has(name)) fail(`duplicate field "${name}"`, appendPointer(fieldPath, 'name'));
      seen.add(name);
      if (!('type' in field)) fail(`field "${name}" has no "type"`, fieldPath);
      const type = this.build(field.type as JsonValue, ownNamespace, appendPointer(fieldPath, 'type'));
      const hasDefault = 'default' in field;
      if (field.order !== undefined && !FIELD_ORDERS.includes(field.order as string)) {
        fail(
          `field "${name}" has order ${JSON.stringify(field.order)}; use one of ${FIELD_ORDERS.join(', ')}`,
          appendPointer(fieldPath, 'order'),
        );
      }
      if (hasDefault) {
        const problem = checkDefault(type, field.default as JsonValue);
        if (problem) fail(`default of field "${name}" ${problem}`, appendPointer(fieldPath, 'default'));
      }
      // `ascending` is every field's order when none is given: saying so changes nothing.
      const kept = properties(field, FIELD_RESERVED, (key, value) => key === 'order' && value === 'ascending');
      // One object literal with every property (adding some later would reshape each of thousands of fields).
      const node: AvroField = {
        name,
        aliases: readAliases(field.aliases, appendPointer(fieldPath, 'aliases')),
        type,
        hasDefault,
        default: hasDefault ? (field.default as JsonValue) : undefined,
        position,
        properties: kept,
      };
      record.fields.push(node);
    });
    return record;
  }

  private enumeration(schema: { [key: string]: JsonValue }, namespace: string, path: string): AvroEnum {
    const symbols = schema.symbols;
    if (!Array.isArray(symbols)) fail('an enum needs a "symbols" array', path);
    if (symbols.length > this.limits.maxEnumSymbols) {
      fail(
        `an enum has ${symbols.length} symbols; the limit is ${this.limits.maxEnumSymbols}`,
        appendPointer(path, 'symbols'),
        { code: SchemaErrorCode.TooManySymbols },
      );
    }
    const seen = new Set<string>();
    symbols.forEach((symbol, index) => {
      const symbolPath = appendPointer(path, 'symbols', index);
      if (typeof symbol !== 'string' || !NAME.test(symbol))
        fail(`invalid enum symbol ${JSON.stringify(symbol)}`, symbolPath);
      if (seen.has(symbol)) fail(`duplicate enum symbol "${symbol}"`, symbolPath);
      seen.add(symbol);
    });
    const enumDefault = schema.default;
    if (enumDefault !== undefined && (typeof enumDefault !== 'string' || !seen.has(enumDefault))) {
      fail(`enum default ${JSON.stringify(enumDefault)} is not one of its symbols`, appendPointer(path, 'default'));
    }
    return this.declare(
      schema,
      namespace,
      path,
      (base): AvroEnum => ({
        kind: 'enum',
        ...base,
        symbols: symbols as string[],
        ...(typeof enumDefault === 'string' ? { default: enumDefault } : {}),
      }),
    );
  }

  private fixed(
    schema: { [key: string]: JsonValue },
    namespace: string,
    path: string,
    logicalType?: string,
  ): AvroFixed {
    const size = schema.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
      fail(`a fixed needs a non-negative integer "size", not ${describe(size ?? null)}`, appendPointer(path, 'size'));
    }
    return this.declare(
      schema,
      namespace,
      path,
      (base): AvroFixed => ({ kind: 'fixed', ...base, size, ...(logicalType ? { logicalType } : {}) }),
    );
  }
}

/** The keys of `schema` not in `reserved` (nor dropped by `isImplied`), or undefined when there are none. */
function properties(
  schema: { [key: string]: JsonValue },
  reserved: ReadonlySet<string>,
  isImplied: (key: string, value: JsonValue) => boolean = () => false,
): AvroProperties | undefined {
  let kept: Record<string, JsonValue> | undefined;
  for (const key of Object.keys(schema)) {
    const value = schema[key] as JsonValue;
    if (reserved.has(key) || isImplied(key, value)) continue;
    kept ??= {};
    // A custom property may be called `__proto__`, which plain assignment would not keep as a property.
    if (key === '__proto__')
      Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
    else kept[key] = value;
  }
  return kept;
}

function withProperties<T extends object>(node: T, kept: AvroProperties | undefined): T {
  return kept ? { ...node, properties: kept } : node;
}

/** Checks a field default against its type (for a union: its first branch, as the Avro specification says). */
function checkDefault(type: AvroNode, value: JsonValue): string | undefined {
  switch (type.kind) {
    case 'primitive':
      return checkPrimitiveDefault(type.type, value);
    case 'enum':
      return typeof value === 'string' && type.symbols.includes(value)
        ? undefined
        : `${JSON.stringify(value)} is not a symbol of enum "${type.fullName}"`;
    case 'fixed':
      return typeof value === 'string' && value.length === type.size
        ? undefined
        : `must be a string of ${type.size} characters for fixed "${type.fullName}"`;
    case 'array':
      if (!Array.isArray(value)) return 'must be an array';
      for (const item of value) {
        const problem = checkDefault(type.items, item);
        if (problem) return `has an item that ${problem}`;
      }
      return undefined;
    case 'map':
      if (!isJsonObject(value)) return 'must be an object';
      for (const item of Object.values(value)) {
        const problem = checkDefault(type.values, item);
        if (problem) return `has a value that ${problem}`;
      }
      return undefined;
    case 'union': {
      const problem = checkDefault(type.branches[0]!, value);
      return problem ? `must match the union's first branch (${branchKey(type.branches[0]!)}): ${problem}` : undefined;
    }
    case 'record': {
      if (!isJsonObject(value)) return `must be an object for record "${type.fullName}"`;
      for (const field of type.fields) {
        if (field.name in value) {
          const problem = checkDefault(field.type, value[field.name] as JsonValue);
          if (problem) return `has field "${field.name}" that ${problem}`;
        } else if (!field.hasDefault) {
          return `lacks field "${field.name}", which has no default`;
        }
      }
      return undefined;
    }
  }
}

function checkPrimitiveDefault(type: AvroPrimitiveName, value: JsonValue): string | undefined {
  const ok = (() => {
    switch (type) {
      case 'null':
        return value === null;
      case 'boolean':
        return typeof value === 'boolean';
      case 'int':
        return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31;
      case 'long':
        return Number.isInteger(value);
      case 'float':
      case 'double':
        return typeof value === 'number';
      case 'bytes':
      case 'string':
        return typeof value === 'string';
    }
  })();
  return ok ? undefined : `${JSON.stringify(value)} is not a valid ${type}`;
}

export function isPrimitive(name: string): name is AvroPrimitiveName {
  return (AVRO_PRIMITIVES as readonly string[]).includes(name);
}

function qualify(name: string, namespace: string): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function checkFullName(fullName: string, path: string): void {
  for (const part of fullName.split('.')) {
    if (!NAME.test(part)) fail(`invalid name "${fullName}": each part must match [A-Za-z_][A-Za-z0-9_]*`, path);
  }
}

function readAliases(aliases: JsonValue | undefined, path: string): string[] {
  if (aliases === undefined) return NO_ALIASES;
  if (!Array.isArray(aliases) || aliases.some((alias) => typeof alias !== 'string'))
    fail('"aliases" must be an array of strings', path);
  return aliases as string[];
}

/** The key that makes union branches distinct: named types by full name, the rest by type. */
export function branchKey(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return node.fullName;
    default:
      return node.kind;
  }
}

function describe(value: JsonValue): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function fail(message: string, path: string, options: { code?: SchemaErrorCode } = {}): never {
  throw new SchemaError(options.code ?? SchemaErrorCode.InvalidAvro, message, path || '/');
}
