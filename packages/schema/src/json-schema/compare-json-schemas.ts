import { stringifySorted } from '../parse-json-text';
import type { JsonValue } from '../types';
import { compareArrays } from './compare-json-arrays';
import { compareObjects } from './compare-json-objects';
import { COMPATIBLE_DIFFERENCES, type Difference, type DifferenceType } from './differences';
import type { JsonSchemaNode } from './model';

type Node<K extends JsonSchemaNode['kind']> = Extract<JsonSchemaNode, { kind: K }>;

/**
 * Lists every difference between an original JSON Schema and an update, the way Confluent Schema Registry's JSON
 * Schema checker classifies them. The update is the reader: the change is compatible when every difference is in
 * {@link COMPATIBLE_DIFFERENCES}.
 */
export function compareJsonSchemas(original: JsonSchemaNode, update: JsonSchemaNode): Difference[] {
  const comparer = new JsonSchemaComparer(new Set());
  comparer.compare(original, update, '#');
  return comparer.differences;
}

export function isCompatibleDifference(difference: Difference): boolean {
  return COMPATIBLE_DIFFERENCES.has(difference.type);
}

/** One comparison: the differences found so far, and the pairs being compared (recursion counts as compatible). */
export class JsonSchemaComparer {
  readonly differences: Difference[] = [];

  constructor(
    private readonly inProgress: Set<string>,
    private readonly ids = new WeakMap<JsonSchemaNode, number>(),
  ) {}

  add(type: DifferenceType, path: string): void {
    this.differences.push({ type, path: path === '#' ? '#/' : path });
  }

  /** Compares in a separate context and reports whether that comparison alone is compatible. */
  sub(
    original: JsonSchemaNode,
    update: JsonSchemaNode,
    path: string,
  ): { differences: Difference[]; compatible: boolean } {
    const child = new JsonSchemaComparer(this.inProgress, this.ids);
    child.compare(original, update, path);
    return { differences: child.differences, compatible: child.differences.every(isCompatibleDifference) };
  }

  take(result: { differences: Difference[] }): void {
    this.differences.push(...result.differences);
  }

  compare(original: JsonSchemaNode, update: JsonSchemaNode, path: string): void {
    if (original.key !== undefined && original.key === update.key) return;
    const pair = `${this.idOf(original)}:${this.idOf(update)}`;
    if (this.inProgress.has(pair)) return;
    this.inProgress.add(pair);
    try {
      this.compareNodes(original, update, path);
    } finally {
      this.inProgress.delete(pair);
    }
  }

  private compareNodes(original: JsonSchemaNode, update: JsonSchemaNode, path: string): void {
    if (original.kind !== 'combined' && update.kind === 'combined') {
      if (update.subschemas.length === 1) {
        const result = this.sub(original, update.subschemas[0]!, path);
        if (result.compatible) return this.take(result);
      } else if (update.criterion !== 'allOf') {
        for (const subschema of update.subschemas) {
          const result = this.sub(original, subschema, path);
          if (result.compatible) {
            this.take(result);
            return this.add('SUM_TYPE_EXTENDED', path);
          }
        }
      }
    }
    if (original.kind === 'combined' && update.kind !== 'combined') {
      if (original.subschemas.length === 1) {
        const result = this.sub(original.subschemas[0]!, update, path);
        if (result.compatible) return this.take(result);
      } else if (original.criterion === 'allOf') {
        for (const subschema of original.subschemas) {
          const result = this.sub(subschema, update, path);
          if (result.compatible) {
            this.take(result);
            return this.add('PRODUCT_TYPE_NARROWED', path);
          }
        }
      }
    }
    if (original.kind !== update.kind) {
      if (original.kind === 'false' || update.kind === 'empty') return;
      return this.add('TYPE_CHANGED', path);
    }
    this.compareAnnotations(original, update, path);
    switch (original.kind) {
      case 'string':
        return this.compareStrings(original, update as Node<'string'>, path);
      case 'number':
        return this.compareNumbers(original, update as Node<'number'>, path);
      case 'object':
        return compareObjects(this, original, update as Node<'object'>, path);
      case 'array':
        return compareArrays(this, original, update as Node<'array'>, path);
      case 'enum':
        return this.compareEnums(original.values, (update as Node<'enum'>).values, path);
      case 'const':
        if (!sameJson(original.value, (update as Node<'const'>).value)) this.add('ENUM_ARRAY_CHANGED', `${path}/const`);
        return;
      case 'not': {
        const result = this.sub((update as Node<'not'>).schema, original.schema, `${path}/not`);
        if (result.differences.length > 0)
          this.add(result.compatible ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED', `${path}/not`);
        return;
      }
      case 'combined':
        return this.compareCombined(original, update as Node<'combined'>, path);
      default:
        return;
    }
  }

  private compareAnnotations(original: JsonSchemaNode, update: JsonSchemaNode, path: string): void {
    if (original.meta.id !== update.meta.id) this.add('ID_CHANGED', path);
    if (original.meta.title !== update.meta.title) this.add('TITLE_CHANGED', path);
    if (original.meta.description !== update.meta.description) this.add('DESCRIPTION_CHANGED', path);
    if (
      original.meta.hasDefault !== update.meta.hasDefault ||
      !sameJson(original.meta.default ?? null, update.meta.default ?? null)
    ) {
      this.add('DEFAULT_CHANGED', path);
    }
  }

  private compareStrings(original: Node<'string'>, update: Node<'string'>, path: string): void {
    this.bound('MAX_LENGTH', original.maxLength, update.maxLength, `${path}/maxLength`);
    this.bound('MIN_LENGTH', original.minLength, update.minLength, `${path}/minLength`);
    const at = `${path}/pattern`;
    if (original.pattern === undefined && update.pattern !== undefined) this.add('PATTERN_ADDED', at);
    else if (original.pattern !== undefined && update.pattern === undefined) this.add('PATTERN_REMOVED', at);
    else if (original.pattern !== update.pattern) this.add('PATTERN_CHANGED', at);
  }

  private compareNumbers(original: Node<'number'>, update: Node<'number'>, path: string): void {
    if (original.requiresInteger && !update.requiresInteger) this.add('TYPE_EXTENDED', path);
    if (!original.requiresInteger && update.requiresInteger) this.add('TYPE_NARROWED', path);
    this.bound('MAXIMUM', original.maximum, update.maximum, `${path}/maximum`);
    this.bound('MINIMUM', original.minimum, update.minimum, `${path}/minimum`);
    this.bound('EXCLUSIVE_MAXIMUM', original.exclusiveMaximum, update.exclusiveMaximum, `${path}/exclusiveMaximum`);
    this.bound('EXCLUSIVE_MINIMUM', original.exclusiveMinimum, update.exclusiveMinimum, `${path}/exclusiveMinimum`);
    const at = `${path}/multipleOf`;
    const [before, after] = [original.multipleOf, update.multipleOf];
    if (before === undefined && after !== undefined) this.add('MULTIPLE_OF_ADDED', at);
    else if (before !== undefined && after === undefined) this.add('MULTIPLE_OF_REMOVED', at);
    else if (before !== undefined && after !== undefined && before !== after) {
      this.add(
        isMultiple(after, before)
          ? 'MULTIPLE_OF_EXPANDED'
          : isMultiple(before, after)
            ? 'MULTIPLE_OF_REDUCED'
            : 'MULTIPLE_OF_CHANGED',
        at,
      );
    }
  }

  /** A numeric keyword that was added, removed, increased or decreased. */
  bound(keyword: string, before: number | undefined, after: number | undefined, path: string): void {
    if (before === undefined && after !== undefined) this.add(`${keyword}_ADDED` as DifferenceType, path);
    else if (before !== undefined && after === undefined) this.add(`${keyword}_REMOVED` as DifferenceType, path);
    else if (before !== undefined && after !== undefined && before !== after) {
      this.add(`${keyword}_${after > before ? 'INCREASED' : 'DECREASED'}` as DifferenceType, path);
    }
  }

  private compareEnums(before: JsonValue[], after: JsonValue[], path: string): void {
    const beforeKeys = new Set(before.map(stringifySorted));
    const afterKeys = new Set(after.map(stringifySorted));
    const grew = [...beforeKeys].every((key) => afterKeys.has(key));
    const shrank = [...afterKeys].every((key) => beforeKeys.has(key));
    if (grew && shrank) return;
    this.add(grew ? 'ENUM_ARRAY_EXTENDED' : shrank ? 'ENUM_ARRAY_NARROWED' : 'ENUM_ARRAY_CHANGED', `${path}/enum`);
  }

  private compareCombined(original: Node<'combined'>, update: Node<'combined'>, path: string): void {
    if (original.criterion !== update.criterion) {
      const originalSingle = original.subschemas.length === 1;
      const updateSingle = update.subschemas.length === 1;
      const extended =
        update.criterion === 'anyOf' ||
        (originalSingle && updateSingle) ||
        (originalSingle && update.criterion === 'oneOf') ||
        (updateSingle && original.criterion === 'allOf');
      if (!extended) return this.add('COMBINED_TYPE_CHANGED', path);
      this.add('COMBINED_TYPE_EXTENDED', path);
    }
    const before = dedupe(original.subschemas);
    const after = dedupe(update.subschemas);
    if (before.length < after.length)
      this.add(update.criterion === 'allOf' ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED', path);
    if (before.length > after.length)
      this.add(original.criterion === 'allOf' ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED', path);
    const edges = before.map((o, i) => after.map((u) => this.sub(o, u, `${path}/${original.criterion}/${i}`)));
    const matching = maximumMatching(edges.map((row) => row.map((result) => result.compatible)));
    for (const [i, j] of matching) this.take(edges[i]![j]!);
    if (matching.length < Math.min(before.length, after.length)) this.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED', path);
  }

  private idOf(node: JsonSchemaNode): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = nextId++;
      this.ids.set(node, id);
    }
    return id;
  }
}

let nextId = 1;

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return stringifySorted(a) === stringifySorted(b);
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function dedupe(nodes: JsonSchemaNode[]): JsonSchemaNode[] {
  const seen = new Set<string>();
  return nodes.filter((node) => {
    const key = stringifySorted(node.source);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Maximum bipartite matching (augmenting paths); returns matched [left, right] index pairs. */
function maximumMatching(adjacent: boolean[][]): Array<[number, number]> {
  const matchOfRight = new Map<number, number>();
  const tryAssign = (left: number, visited: Set<number>): boolean => {
    const row = adjacent[left] ?? [];
    for (let right = 0; right < row.length; right++) {
      if (!row[right] || visited.has(right)) continue;
      visited.add(right);
      const current = matchOfRight.get(right);
      if (current === undefined || tryAssign(current, visited)) {
        matchOfRight.set(right, left);
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < adjacent.length; left++) tryAssign(left, new Set());
  return [...matchOfRight.entries()].map(([right, left]) => [left, right]);
}
