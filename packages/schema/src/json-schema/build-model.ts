import { isJsonObject, stringifySorted } from '../parse-json-text';
import type { JsonValue } from '../types';
import type { Annotations, Criterion, JsonSchemaDraft, JsonSchemaNode } from './model';
import { schemaObjects } from './schema-objects';

const OBJECT_KEYWORDS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'minProperties',
  'maxProperties',
  'propertyNames',
];
const ARRAY_KEYWORDS = ['items', 'prefixItems', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const COMBINATORS: Criterion[] = ['allOf', 'anyOf', 'oneOf'];

export interface ModelDocuments {
  draft: JsonSchemaDraft;
  root: JsonValue;
  /** Referenced schemas by the name `$ref` uses for them. */
  references: ReadonlyMap<string, JsonValue>;
}

/** Builds the comparison model of a validated JSON Schema; `$ref`s (local, `$id`, or registry references) are followed. */
export function buildJsonSchemaModel(documents: ModelDocuments): JsonSchemaNode {
  return new ModelBuilder(documents).build(documents.root, '', '');
}

class ModelBuilder {
  private readonly cache = new Map<string, JsonSchemaNode>();
  private readonly resolving = new Set<string>();
  private readonly ids = new Map<string, { doc: string; pointer: string }>();

  constructor(private readonly documents: ModelDocuments) {
    collectIds(documents.root, '', '', this.ids);
    for (const [name, raw] of documents.references) collectIds(raw, name, '', this.ids);
  }

  build(raw: JsonValue, doc: string, pointer: string): JsonSchemaNode {
    if (raw === true) return { kind: 'empty', meta: { hasDefault: false }, source: true };
    if (raw === false) return { kind: 'false', meta: { hasDefault: false }, source: false };
    if (!isJsonObject(raw)) return { kind: 'empty', meta: { hasDefault: false }, source: raw };
    const key = `${doc}#${pointer}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    if (typeof raw.$ref === 'string' && (this.documents.draft === 'draft-07' || !hasConstraints(raw))) {
      if (this.resolving.has(key)) return { kind: 'empty', meta: { hasDefault: false }, source: raw };
      this.resolving.add(key);
      const target = this.resolve(raw.$ref, doc);
      this.resolving.delete(key);
      this.cache.set(key, target);
      return target;
    }

    const node = {} as JsonSchemaNode;
    this.cache.set(key, node);
    const meta = readAnnotations(raw);
    const parts: JsonSchemaNode[] = [];
    const typed = this.typeNode(raw, doc, pointer);
    if (typed) parts.push(typed);
    if (typeof raw.$ref === 'string') parts.push(this.resolve(raw.$ref, doc));
    if (Array.isArray(raw.enum))
      parts.push({ kind: 'enum', values: raw.enum, meta: bare(), source: { enum: raw.enum } });
    if ('const' in raw)
      parts.push({
        kind: 'const',
        value: raw.const as JsonValue,
        meta: bare(),
        source: { const: raw.const as JsonValue },
      });
    if ('not' in raw)
      parts.push({
        kind: 'not',
        schema: this.child(raw.not as JsonValue, doc, pointer, 'not'),
        meta: bare(),
        source: { not: raw.not as JsonValue },
      });
    for (const criterion of COMBINATORS) {
      const list = raw[criterion];
      if (Array.isArray(list)) {
        const subschemas = list.map((sub, i) => this.child(sub, doc, pointer, criterion, i));
        parts.push({ kind: 'combined', criterion, subschemas, meta: bare(), source: { [criterion]: list } });
      }
    }
    const built: JsonSchemaNode =
      parts.length === 0
        ? { kind: 'empty', meta, source: raw }
        : parts.length === 1
          ? { ...parts[0]!, meta, source: raw }
          : { kind: 'combined', criterion: 'allOf', subschemas: parts, meta, source: raw };
    Object.assign(node, built);
    const text = stringifySorted(raw);
    if (!text.includes('"$ref"')) node.key = text;
    return node;
  }

  private child(raw: JsonValue, doc: string, pointer: string, ...tokens: Array<string | number>): JsonSchemaNode {
    return this.build(
      raw,
      doc,
      `${pointer}/${tokens.map((t) => String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    );
  }

  private typeNode(raw: { [key: string]: JsonValue }, doc: string, pointer: string): JsonSchemaNode | undefined {
    const type = raw.type;
    if (typeof type === 'string') return this.family(type, raw, doc, pointer);
    if (Array.isArray(type)) {
      const members = type
        .filter((t): t is string => typeof t === 'string')
        .map((t) => this.family(t, raw, doc, pointer));
      if (members.length === 1) return members[0];
      return { kind: 'combined', criterion: 'anyOf', subschemas: members, meta: bare(), source: { type } };
    }
    const families = [
      OBJECT_KEYWORDS.some((k) => k in raw) ? 'object' : undefined,
      ARRAY_KEYWORDS.some((k) => k in raw) ? 'array' : undefined,
      STRING_KEYWORDS.some((k) => k in raw) ? 'string' : undefined,
      NUMBER_KEYWORDS.some((k) => k in raw) ? 'number' : undefined,
    ].filter((f): f is string => f !== undefined);
    if (families.length === 0) return undefined;
    const members = families.map((f) => this.family(f, raw, doc, pointer));
    return members.length === 1
      ? members[0]
      : { kind: 'combined', criterion: 'allOf', subschemas: members, meta: bare(), source: { families } };
  }

  private family(type: string, raw: { [key: string]: JsonValue }, doc: string, pointer: string): JsonSchemaNode {
    const source = { type };
    switch (type) {
      case 'string':
        return {
          kind: 'string',
          meta: bare(),
          source,
          minLength: num(raw.minLength),
          maxLength: num(raw.maxLength),
          pattern: typeof raw.pattern === 'string' ? raw.pattern : undefined,
        };
      case 'number':
      case 'integer':
        return {
          kind: 'number',
          meta: bare(),
          source,
          requiresInteger: type === 'integer',
          minimum: num(raw.minimum),
          maximum: num(raw.maximum),
          exclusiveMinimum: num(raw.exclusiveMinimum),
          exclusiveMaximum: num(raw.exclusiveMaximum),
          multipleOf: num(raw.multipleOf),
        };
      case 'boolean':
        return { kind: 'boolean', meta: bare(), source };
      case 'null':
        return { kind: 'null', meta: bare(), source };
      case 'object':
        return this.objectNode(raw, doc, pointer);
      case 'array':
        return this.arrayNode(raw, doc, pointer);
      default:
        return { kind: 'empty', meta: bare(), source };
    }
  }

  private objectNode(raw: { [key: string]: JsonValue }, doc: string, pointer: string): JsonSchemaNode {
    const properties = new Map<string, JsonSchemaNode>();
    if (isJsonObject(raw.properties)) {
      for (const [name, sub] of Object.entries(raw.properties))
        properties.set(name, this.child(sub, doc, pointer, 'properties', name));
    }
    const patternProperties: Array<{ pattern: RegExp; schema: JsonSchemaNode }> = [];
    if (isJsonObject(raw.patternProperties)) {
      for (const [pattern, sub] of Object.entries(raw.patternProperties)) {
        patternProperties.push({
          pattern: toRegExp(pattern),
          schema: this.child(sub, doc, pointer, 'patternProperties', pattern),
        });
      }
    }
    const dependencyArrays = new Map<string, string[]>();
    const dependencySchemas = new Map<string, JsonSchemaNode>();
    const addDependencies = (value: JsonValue | undefined, keyword: string) => {
      if (!isJsonObject(value)) return;
      for (const [name, dependency] of Object.entries(value)) {
        if (Array.isArray(dependency))
          dependencyArrays.set(
            name,
            dependency.filter((d): d is string => typeof d === 'string'),
          );
        else dependencySchemas.set(name, this.child(dependency, doc, pointer, keyword, name));
      }
    };
    addDependencies(raw.dependencies, 'dependencies');
    addDependencies(raw.dependentRequired, 'dependentRequired');
    addDependencies(raw.dependentSchemas, 'dependentSchemas');
    const additional = raw.additionalProperties;
    return {
      kind: 'object',
      meta: bare(),
      source: { type: 'object' },
      properties,
      required: Array.isArray(raw.required) ? raw.required.filter((r): r is string => typeof r === 'string') : [],
      permitsAdditionalProperties: additional !== false,
      additionalProperties: isJsonObject(additional)
        ? this.child(additional, doc, pointer, 'additionalProperties')
        : undefined,
      patternProperties,
      dependencyArrays,
      dependencySchemas,
      minProperties: num(raw.minProperties),
      maxProperties: num(raw.maxProperties),
    };
  }

  private arrayNode(raw: { [key: string]: JsonValue }, doc: string, pointer: string): JsonSchemaNode {
    const usesPrefixItems = this.documents.draft === '2020-12' && Array.isArray(raw.prefixItems);
    const tuple = usesPrefixItems ? raw.prefixItems : Array.isArray(raw.items) ? raw.items : undefined;
    const tupleKeyword = usesPrefixItems ? 'prefixItems' : 'items';
    const additionalKeyword = usesPrefixItems ? 'items' : 'additionalItems';
    const additional = tuple ? raw[additionalKeyword] : undefined;
    return {
      kind: 'array',
      meta: bare(),
      source: { type: 'array' },
      allItems:
        !tuple && raw.items !== undefined && !Array.isArray(raw.items)
          ? this.child(raw.items, doc, pointer, 'items')
          : undefined,
      itemSchemas: Array.isArray(tuple)
        ? tuple.map((sub, i) => this.child(sub, doc, pointer, tupleKeyword, i))
        : undefined,
      permitsAdditionalItems: additional !== false,
      additionalItems: isJsonObject(additional) ? this.child(additional, doc, pointer, additionalKeyword) : undefined,
      minItems: num(raw.minItems),
      maxItems: num(raw.maxItems),
      uniqueItems: raw.uniqueItems === true,
    };
  }

  private resolve(ref: string, fromDoc: string): JsonSchemaNode {
    const hash = ref.indexOf('#');
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
    let doc = fromDoc;
    let basePointer = '';
    if (base !== '') {
      if (this.documents.references.has(base)) doc = base;
      else {
        const target = this.ids.get(base) ?? this.ids.get(stripTrailingHash(base));
        if (!target) return { kind: 'empty', meta: bare(), source: { $ref: ref } };
        doc = target.doc;
        basePointer = target.pointer;
      }
    }
    const docRoot = doc === '' ? this.documents.root : (this.documents.references.get(doc) as JsonValue);
    if (fragment && !fragment.startsWith('/')) {
      const anchor = findAnchor(docRoot, fragment, '');
      return anchor === undefined
        ? { kind: 'empty', meta: bare(), source: { $ref: ref } }
        : this.build(valueAt(docRoot, anchor), doc, anchor);
    }
    const pointer = basePointer + fragment;
    return this.build(valueAt(docRoot, pointer), doc, pointer);
  }
}

function bare(): Annotations {
  return { hasDefault: false };
}

function readAnnotations(raw: { [key: string]: JsonValue }): Annotations {
  const id = typeof raw.$id === 'string' ? raw.$id : typeof raw.id === 'string' ? raw.id : undefined;
  return {
    ...(id !== undefined ? { id } : {}),
    ...(typeof raw.title === 'string' ? { title: raw.title } : {}),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...('default' in raw ? { default: raw.default as JsonValue } : {}),
    hasDefault: 'default' in raw,
  };
}

const ANNOTATION_KEYWORDS = new Set([
  '$ref',
  '$id',
  'id',
  '$schema',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  '$defs',
  'definitions',
  '$anchor',
]);

function hasConstraints(raw: { [key: string]: JsonValue }): boolean {
  return Object.keys(raw).some((key) => !ANNOTATION_KEYWORDS.has(key));
}

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

function stripTrailingHash(uri: string): string {
  return uri.endsWith('#') ? uri.slice(0, -1) : uri;
}

/** Records every `$id` with the document and pointer it names. */
function collectIds(
  root: JsonValue,
  doc: string,
  pointer: string,
  into: Map<string, { doc: string; pointer: string }>,
): void {
  for (const [value, at] of schemaObjects(root, pointer)) {
    const id = typeof value.$id === 'string' ? value.$id : undefined;
    if (id && !id.startsWith('#')) into.set(stripTrailingHash(id), { doc, pointer: at });
  }
}

function findAnchor(root: JsonValue, anchor: string, pointer: string): string | undefined {
  for (const [value, at] of schemaObjects(root, pointer)) {
    if (value.$anchor === anchor || value.$id === `#${anchor}`) return at;
  }
  return undefined;
}

function valueAt(root: JsonValue, pointer: string): JsonValue {
  if (pointer === '') return root;
  let current: JsonValue | undefined = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isJsonObject(current)) current = current[token];
    else return true;
    if (current === undefined) return true;
  }
  return current as JsonValue;
}
