import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
type Primitive = (typeof PRIMITIVES)[number];

/** Logical types by underlying primitive (index 0: none). */
const LOGICAL: Record<Primitive, Array<Record<string, Json> | null>> = {
  null: [null],
  boolean: [null],
  int: [null, { logicalType: 'date' }, { logicalType: 'time-millis' }],
  long: [
    null,
    { logicalType: 'timestamp-millis' },
    { logicalType: 'timestamp-micros' },
    { logicalType: 'time-micros' },
    { logicalType: 'local-timestamp-millis' },
  ],
  float: [null],
  double: [null],
  bytes: [null, { logicalType: 'decimal', precision: 4, scale: 2 }, { logicalType: 'decimal', precision: 6, scale: 0 }],
  string: [null, { logicalType: 'uuid' }],
};

/** Where a named type's namespace comes from: the enclosing one, or its own (`''` is the null namespace). */
type NamespaceChoice = 'inherit' | 'acme' | 'acme.sales' | 'other' | '';

type Properties = Record<string, Json> | null;

interface PrimitiveShape {
  kind: 'primitive';
  type: Primitive;
  logical: number;
  properties: Properties;
}
interface RecordShape {
  kind: 'record';
  namespace: NamespaceChoice;
  doc: string | null;
  aliases: number;
  isError: boolean;
  properties: Properties;
  fields: FieldShape[];
}
interface FieldShape {
  type: AvroShape;
  hasDefault: boolean;
  defaultSeed: number;
  doc: string | null;
  /** 0: not said, 1: descending, 2: ignore. */
  order: number;
  aliases: number;
  properties: Properties;
}
interface EnumShape {
  kind: 'enum';
  namespace: NamespaceChoice;
  symbols: number;
  /** An index into the symbols, or null for no default. */
  defaultSymbol: number | null;
  doc: string | null;
  properties: Properties;
}
interface FixedShape {
  kind: 'fixed';
  namespace: NamespaceChoice;
  size: number;
  /** 0: none, 1: decimal, 2: duration (size 12). */
  logical: number;
  properties: Properties;
}
interface ArrayShape {
  kind: 'array';
  items: AvroShape;
  properties: Properties;
}
interface MapShape {
  kind: 'map';
  values: AvroShape;
  properties: Properties;
}
interface UnionShape {
  kind: 'union';
  branches: AvroShape[];
}
/** A reference to a named type defined earlier (or being defined: recursion), picked among those in reach. */
interface ReferenceShape {
  kind: 'reference';
  pick: number;
}

/**
 * What an Avro schema is made of, without its names: {@link materializeAvroSchema} gives names in Avro's resolution
 * order, so references, defaults and namespaces are always valid, and one shape can be written many ways.
 */
export type AvroShape =
  | PrimitiveShape
  | RecordShape
  | EnumShape
  | FixedShape
  | ArrayShape
  | MapShape
  | UnionShape
  | ReferenceShape;

const propertiesArbitrary: fc.Arbitrary<Properties> = fc.option(
  fc.dictionary(fc.constantFrom('x-pii', 'x-owner', 'connect.name', 'x-tags'), fc.jsonValue({ maxDepth: 1 }), {
    minKeys: 1,
    maxKeys: 2,
  }) as fc.Arbitrary<Record<string, Json>>,
  { freq: 4 },
);
const docArbitrary = fc.option(fc.string({ maxLength: 12 }), { freq: 3 });
const namespaceArbitrary = fc.constantFrom<NamespaceChoice>(
  'inherit',
  'inherit',
  'inherit',
  'acme',
  'acme.sales',
  'other',
  '',
);

const primitiveArbitrary: fc.Arbitrary<PrimitiveShape> = fc.record({
  kind: fc.constant('primitive' as const),
  type: fc.constantFrom(...PRIMITIVES),
  logical: fc.nat(4),
  properties: propertiesArbitrary,
});
const referenceArbitrary: fc.Arbitrary<ReferenceShape> = fc.record({
  kind: fc.constant('reference' as const),
  pick: fc.nat(20),
});

/** Shapes of Avro schemas whose root is a record: nested records, enums, fixed, arrays, maps, unions, references. */
export const avroShape = (options: { maxDepth?: number; maxFields?: number } = {}): fc.Arbitrary<RecordShape> => {
  const maxFields = options.maxFields ?? 4;
  const shapes = fc.letrec<{
    node: AvroShape;
    branch: AvroShape;
    record: RecordShape;
    field: FieldShape;
  }>((tie) => {
    const depth = { maxDepth: options.maxDepth ?? 4, depthIdentifier: 'avro' };
    // Everything but a union (a union's branches may not be unions), primitives first: what the depth limit takes.
    const notUnion = [
      primitiveArbitrary,
      referenceArbitrary,
      tie('record'),
      enumArbitrary,
      fixedArbitrary,
      fc.record({ kind: fc.constant('array' as const), items: tie('node'), properties: propertiesArbitrary }),
      fc.record({ kind: fc.constant('map' as const), values: tie('node'), properties: propertiesArbitrary }),
    ];
    const union = fc.record({
      kind: fc.constant('union' as const),
      branches: fc.array(tie('branch'), { minLength: 1, maxLength: 4 }),
    });
    return {
      node: fc.oneof(depth, ...notUnion, union),
      branch: fc.oneof(depth, ...notUnion),
      record: fc.record({
        kind: fc.constant('record' as const),
        namespace: namespaceArbitrary,
        doc: docArbitrary,
        aliases: fc.nat(2),
        isError: fc.constantFrom(false, false, false, false, true),
        properties: propertiesArbitrary,
        fields: fc.array(tie('field'), { maxLength: maxFields }),
      }),
      field: fc.record({
        type: tie('node'),
        hasDefault: fc.boolean(),
        defaultSeed: fc.nat(40),
        doc: docArbitrary,
        order: fc.nat(2),
        aliases: fc.nat(1),
        properties: propertiesArbitrary,
      }),
    };
  });
  return shapes.record;
};

const enumArbitrary: fc.Arbitrary<EnumShape> = fc.record({
  kind: fc.constant('enum' as const),
  namespace: namespaceArbitrary,
  symbols: fc.integer({ min: 1, max: 4 }),
  defaultSymbol: fc.option(fc.nat(3)),
  doc: docArbitrary,
  properties: propertiesArbitrary,
});
const fixedArbitrary: fc.Arbitrary<FixedShape> = fc.record({
  kind: fc.constant('fixed' as const),
  namespace: namespaceArbitrary,
  size: fc.integer({ min: 1, max: 16 }),
  logical: fc.nat(2),
  properties: propertiesArbitrary,
});

export interface MaterializeOptions {
  /** Apply the meaningful change numbered so (in walk order; see `changePoints` of the result). */
  mutateAt?: number;
  /**
   * Write the schema another way with the same meaning, deciding each choice from this stream: key order, short or
   * long primitive forms, names short, dotted or with a namespace, references by short or full name, an explicit
   * ascending order, alias order, indentation.
   */
  spelling?: readonly number[];
}

export interface MaterializedAvroSchema {
  schema: Json;
  text: string;
  /** How many meaningful changes `mutateAt` can choose from. */
  changePoints: number;
  /** What `mutateAt` changed, for a failing case's message. */
  change: string | undefined;
}

/** Writes a shape as Avro schema JSON: names in resolution order, valid defaults, optionally changed or respelled. */
export function materializeAvroSchema(shape: RecordShape, options: MaterializeOptions = {}): MaterializedAvroSchema {
  const writer = new SchemaWriter(options);
  const { json } = writer.node(shape, '');
  const spelled = writer.spelled ? writer.shuffleKeys(json) : json;
  const indent = writer.spelled ? [0, 2, '\t'][writer.choose(3)] : 0;
  return {
    schema: spelled,
    text: JSON.stringify(spelled, null, indent),
    changePoints: writer.points,
    change: writer.change,
  };
}

/** The materialized type, for building valid default values. Records are shared, so recursion is a cycle. */
type Model =
  | { kind: 'primitive'; type: Primitive }
  | { kind: 'enum'; symbols: string[] }
  | { kind: 'fixed'; size: number }
  | { kind: 'array'; items: Model }
  | { kind: 'map'; values: Model }
  | { kind: 'union'; branches: Model[] }
  | { kind: 'record'; complete: boolean; fields: Array<{ name: string; model: Model; default: Json | undefined }> };

/** What a written node is: its JSON, its model, and its union-branch key (Avro allows one branch per key). */
interface Written {
  json: Json;
  model: Model;
  key: string;
}

interface Defined {
  fullName: string;
  namespace: string;
  model: Model;
}

class SchemaWriter {
  readonly spelled: boolean;
  points = 0;
  change: string | undefined;
  private next = 0;
  private cursor = 0;
  private readonly defined: Defined[] = [];
  /** While set, change points are counted but never applied (see unchangedKey). */
  private unchanged = false;

  constructor(private readonly options: MaterializeOptions) {
    this.spelled = options.spelling !== undefined && options.spelling.length > 0;
  }

  choose(count: number): number {
    const stream = this.options.spelling;
    if (!stream || stream.length === 0) return 0;
    const value = stream[this.cursor++ % stream.length]!;
    return value % count;
  }

  /** Counts a change point; true when it is the one to apply. */
  private at(description: string): boolean {
    const hit = !this.unchanged && this.options.mutateAt === this.points++;
    if (this.unchanged) this.points++;
    if (hit) this.change = description;
    return hit;
  }

  node(shape: AvroShape, namespace: string): Written {
    switch (shape.kind) {
      case 'primitive':
        return this.primitive(shape);
      case 'record':
        return this.record(shape, namespace);
      case 'enum':
        return this.enumeration(shape, namespace);
      case 'fixed':
        return this.fixed(shape, namespace);
      case 'array': {
        const items = this.node(shape.items, namespace);
        const json: Record<string, Json> = { type: 'array', items: items.json, ...this.properties(shape.properties) };
        return { json, model: { kind: 'array', items: items.model }, key: 'array' };
      }
      case 'map': {
        const values = this.node(shape.values, namespace);
        const json: Record<string, Json> = { type: 'map', values: values.json, ...this.properties(shape.properties) };
        return { json, model: { kind: 'map', values: values.model }, key: 'map' };
      }
      case 'union':
        return this.union(shape, namespace);
      case 'reference':
        return this.reference(shape, namespace);
    }
  }

  private primitive(shape: PrimitiveShape): Written {
    let type = shape.type;
    if (this.at(`primitive ${type} changed`)) type = PRIMITIVES[(PRIMITIVES.indexOf(type) + 1) % PRIMITIVES.length]!;
    const options = LOGICAL[type];
    let logical = options[shape.logical % options.length] ?? null;
    if (options.length > 1 && this.at(`logical type of ${type} changed`)) {
      logical = options[(shape.logical + 1) % options.length] ?? null;
    }
    const properties = this.properties(shape.properties);
    const model: Model = { kind: 'primitive', type };
    if (!logical && Object.keys(properties).length === 0) {
      return { json: this.spelled && this.choose(2) === 1 ? { type } : type, model, key: type };
    }
    return { json: { type, ...(logical ?? {}), ...properties }, model, key: type };
  }

  private properties(properties: Properties): Record<string, Json> {
    const kept: Record<string, Json> = {};
    if (properties) for (const [key, value] of Object.entries(properties)) define(kept, key, value);
    if (this.at('a custom property added')) kept['x-changed'] = Object.keys(kept).length;
    return kept;
  }

  private declareName(
    kind: string,
    choice: NamespaceChoice,
    enclosing: string,
  ): { name: Record<string, Json>; fullName: string; namespace: string } {
    let local = `${kind}${this.next++}`;
    if (this.at(`${local} renamed`)) local = `${local}r`;
    let namespace = choice === 'inherit' ? enclosing : choice;
    if (this.at(`namespace of ${local} changed`)) namespace = namespace === 'moved' ? 'moved.again' : 'moved';
    const fullName = namespace ? `${namespace}.${local}` : local;
    // The same full name, written one of the ways Avro allows: short (inheriting), dotted, or with a namespace.
    const ways: Array<Record<string, Json>> = [];
    if (namespace === enclosing) ways.push({ name: local });
    if (namespace !== '') ways.push({ name: fullName });
    ways.push({ name: local, namespace });
    const plain = choice === 'inherit' && namespace === enclosing ? ways[0]! : ways.at(-1)!;
    return { name: this.spelled ? ways[this.choose(ways.length)]! : plain, fullName, namespace };
  }

  private record(shape: RecordShape, enclosing: string): Written {
    const { name, fullName, namespace } = this.declareName('Rec', shape.namespace, enclosing);
    const model: Model & { kind: 'record' } = { kind: 'record', complete: false, fields: [] };
    this.defined.push({ fullName, namespace, model });
    const fields: Json[] = [];
    shape.fields.forEach((fieldShape, index) => {
      if (this.at(`field ${index} of ${fullName} removed`)) return;
      fields.push(this.field(fieldShape, `f${index}`, namespace, model));
    });
    if (this.at(`field added to ${fullName}`)) {
      fields.push({ name: 'added', type: 'int', default: 0 });
      model.fields.push({ name: 'added', model: { kind: 'primitive', type: 'int' }, default: 0 });
    }
    model.complete = true;
    let doc = shape.doc;
    if (this.at(`doc of ${fullName} changed`)) doc = doc === null ? 'documented' : `${doc}!`;
    let aliases = Array.from({ length: shape.aliases }, (_, i) => `Old${this.next}x${i}`);
    if (this.at(`alias of ${fullName} added`)) aliases = [...aliases, 'Renamed'];
    const json: Record<string, Json> = {
      type: shape.isError ? 'error' : 'record',
      ...name,
      fields,
      ...(doc === null ? {} : { doc }),
      ...(aliases.length > 0 ? { aliases: this.shuffle(aliases) } : {}),
      ...this.properties(shape.properties),
    };
    return { json, model, key: fullName };
  }

  private field(shape: FieldShape, baseName: string, namespace: string, record: Model & { kind: 'record' }): Json {
    let name = baseName;
    if (this.at(`${baseName} renamed`)) name = `${baseName}r`;
    const type = this.node(shape.type, namespace);
    let seed = shape.defaultSeed;
    let hasDefault = shape.hasDefault;
    let value = hasDefault ? defaultValue(type.model, seed, 0) : undefined;
    // A type with no finite value (a record still being written) can have no default to change.
    if (defaultValue(type.model, seed, 0) !== undefined && this.at(`default of ${name} changed`)) {
      const other = defaultValue(type.model, seed + 1, 0);
      if (hasDefault && other !== undefined && JSON.stringify(other) !== JSON.stringify(value)) {
        seed += 1;
        value = other;
      } else {
        hasDefault = !hasDefault;
        value = hasDefault ? defaultValue(type.model, seed, 0) : undefined;
      }
    }
    if (value === undefined) hasDefault = false;
    let doc = shape.doc;
    if (this.at(`doc of ${name} changed`)) doc = doc === null ? 'documented' : `${doc}!`;
    let order = shape.order;
    if (this.at(`order of ${name} changed`)) order = (order + 1) % 3;
    let aliases = Array.from({ length: shape.aliases }, (_, i) => `${baseName}_old${i}`);
    if (this.at(`alias of ${name} added`)) aliases = [...aliases, `${baseName}_was`];
    record.fields.push({ name, model: type.model, default: hasDefault ? value : undefined });
    const orderName = ['ascending', 'descending', 'ignore'][order]!;
    return {
      name,
      type: type.json,
      ...(hasDefault ? { default: value as Json } : {}),
      ...(doc === null ? {} : { doc }),
      ...(order !== 0 || (this.spelled && this.choose(2) === 1) ? { order: orderName } : {}),
      ...(aliases.length > 0 ? { aliases: this.shuffle(aliases) } : {}),
      ...this.properties(shape.properties),
    };
  }

  private enumeration(shape: EnumShape, enclosing: string): Written {
    const { name, fullName, namespace } = this.declareName('Enum', shape.namespace, enclosing);
    const symbols = Array.from({ length: shape.symbols }, (_, i) => `S${i}`);
    if (this.at(`symbol added to ${fullName}`)) symbols.push('ADDED');
    let defaultSymbol = shape.defaultSymbol === null ? undefined : symbols[shape.defaultSymbol % symbols.length];
    if (this.at(`default of ${fullName} changed`)) {
      const index = defaultSymbol === undefined ? -1 : symbols.indexOf(defaultSymbol);
      defaultSymbol = index === symbols.length - 1 ? undefined : symbols[index + 1];
    }
    let doc = shape.doc;
    if (this.at(`doc of ${fullName} changed`)) doc = doc === null ? 'documented' : `${doc}!`;
    const model: Model = { kind: 'enum', symbols };
    this.defined.push({ fullName, namespace, model });
    const json: Record<string, Json> = {
      type: 'enum',
      ...name,
      symbols,
      ...(defaultSymbol === undefined ? {} : { default: defaultSymbol }),
      ...(doc === null ? {} : { doc }),
      ...this.properties(shape.properties),
    };
    return { json, model, key: fullName };
  }

  private fixed(shape: FixedShape, enclosing: string): Written {
    const { name, fullName, namespace } = this.declareName('Fixed', shape.namespace, enclosing);
    let logical = shape.logical;
    let size = logical === 2 ? 12 : shape.size;
    if (this.at(`size of ${fullName} changed`)) {
      size += 1;
      if (logical === 2) logical = 0;
    }
    if (this.at(`logical type of ${fullName} changed`)) logical = logical === 1 ? 0 : 1;
    const logicalType: Record<string, Json> =
      logical === 1
        ? { logicalType: 'decimal', precision: Math.min(2, Math.max(1, size)), scale: 1 }
        : logical === 2
          ? { logicalType: 'duration' }
          : {};
    const model: Model = { kind: 'fixed', size };
    this.defined.push({ fullName, namespace, model });
    const json: Record<string, Json> = {
      type: 'fixed',
      ...name,
      size,
      ...logicalType,
      ...this.properties(shape.properties),
    };
    return { json, model, key: fullName };
  }

  /** The union-branch key a branch would have without the change: written again from `mark`, then forgotten. */
  private unchangedKey(
    branchShape: AvroShape,
    namespace: string,
    mark: { next: number; defined: number; points: number; change: string | undefined },
  ): string {
    const after = {
      next: this.next,
      defined: [...this.defined],
      points: this.points,
      change: this.change,
      cursor: this.cursor,
    };
    this.next = mark.next;
    this.defined.length = mark.defined;
    this.points = mark.points;
    this.unchanged = true;
    try {
      return this.node(branchShape, namespace).key;
    } finally {
      this.unchanged = false;
      this.next = after.next;
      this.defined.length = 0;
      this.defined.push(...after.defined);
      this.points = after.points;
      this.change = after.change;
      this.cursor = after.cursor;
    }
  }

  private union(shape: UnionShape, namespace: string): Written {
    const branches: Json[] = [];
    const models: Model[] = [];
    const keys = new Set<string>();
    const definedBefore = this.defined.length;
    for (const branchShape of shape.branches) {
      const mark = { next: this.next, defined: this.defined.length, points: this.points, change: this.change };
      // Avro allows one branch per type: a branch the schema as generated repeats is left out, counting nothing (so
      // no change can land in it and be lost with it).
      if (keys.has(this.unchangedKey(branchShape, namespace, mark))) continue;
      const branch = this.node(branchShape, namespace);
      const key = branch.key;
      if (keys.has(key)) {
        // Only the change can do this (a primitive changed, a reference retargeted, into a type the union has): the
        // branch goes, which is the change (a branch removed). It defines nothing, but forget what it wrote anyway.
        this.next = mark.next;
        this.defined.length = mark.defined;
        continue;
      }
      keys.add(key);
      branches.push(branch.json);
      models.push(branch.model);
    }
    // Reordering is a change only where no branch defines a type a later one names (it would then be undefined).
    const definesTypes = this.defined.length > definedBefore;
    if (branches.length > 1 && !definesTypes && this.at('union branches reordered')) {
      branches.push(branches.shift()!);
      models.push(models.shift()!);
    }
    if (!keys.has('null') && this.at('null branch added to a union')) {
      branches.push('null');
      models.push({ kind: 'primitive', type: 'null' });
    }
    return { json: branches, model: { kind: 'union', branches: models }, key: 'union' };
  }

  private reference(shape: ReferenceShape, namespace: string): Written {
    // A type in the null namespace cannot be named from inside another namespace.
    const reachable = this.defined.filter((type) => type.namespace !== '' || namespace === '');
    if (reachable.length === 0)
      return this.primitive({ kind: 'primitive', type: 'string', logical: 0, properties: null });
    let index = shape.pick % reachable.length;
    if (reachable.length > 1 && this.at('reference points elsewhere')) index = (index + 1) % reachable.length;
    const target = reachable[index]!;
    const short = target.fullName.slice(target.fullName.lastIndexOf('.') + 1);
    const json = target.namespace === namespace && (!this.spelled || this.choose(2) === 0) ? short : target.fullName;
    return { json, model: target.model, key: target.fullName };
  }

  private shuffle<T>(items: T[]): T[] {
    if (!this.spelled) return items;
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.choose(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  /** The same JSON with every object's keys in another order (record fields keep theirs: that order is meaning). */
  shuffleKeys(json: Json): Json {
    if (Array.isArray(json)) return json.map((item) => this.shuffleKeys(item));
    if (json === null || typeof json !== 'object') return json;
    const out: Record<string, Json> = {};
    for (const key of this.shuffle(Object.keys(json))) define(out, key, this.shuffleKeys(json[key] as Json));
    return out;
  }
}

/** A value valid for `model` (a union's: for its first branch); differs with `seed` where the type allows. */
function defaultValue(model: Model, seed: number, depth: number): Json | undefined {
  if (depth > 4) return undefined;
  switch (model.kind) {
    case 'primitive':
      switch (model.type) {
        case 'null':
          return null;
        case 'boolean':
          return seed % 2 === 0;
        case 'int':
        case 'long':
          return seed - 3;
        case 'float':
        case 'double':
          return seed + 0.5;
        case 'bytes':
          return `b${seed}\u00e9`;
        case 'string':
          return `s${seed}`;
      }
      return undefined;
    case 'enum':
      return model.symbols[seed % model.symbols.length]!;
    case 'fixed':
      return String.fromCharCode(97 + (seed % 26)).repeat(model.size);
    case 'array': {
      if (seed % 2 === 0) return [];
      const item = defaultValue(model.items, seed, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'map': {
      if (seed % 2 === 0) return {};
      const value = defaultValue(model.values, seed, depth + 1);
      return value === undefined ? {} : { k: value };
    }
    case 'union':
      return defaultValue(model.branches[0]!, seed, depth + 1);
    case 'record': {
      // A record still being written (a recursive reference) has no complete value yet.
      if (!model.complete) return undefined;
      const out: Record<string, Json> = {};
      for (const field of model.fields) {
        const value = field.default ?? defaultValue(field.model, seed, depth + 1);
        if (value === undefined) return undefined;
        out[field.name] = value;
      }
      return out;
    }
  }
}

/** Sets a key even when it is `__proto__` (generated properties may use any key). */
function define(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
