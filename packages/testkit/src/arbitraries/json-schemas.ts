import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'];
const FORMATS = ['email', 'date', 'date-time', 'uuid', 'uri'];
const DEFINITION_COUNT = 3;

/**
 * JSON Schemas (draft-07 with `definitions`, or 2020-12 with `$defs`) with nested properties, nested `required`,
 * array items, `oneOf`/`anyOf`/`allOf` branches, enums, constraints and `$ref`s into the definitions.
 */
export const jsonSchemaDocument = (options: { maxDepth?: number } = {}): fc.Arbitrary<JsonObject> => {
  const { node } = fc.letrec<{ node: JsonObject }>((tie) => ({
    node: fc.oneof(
      { maxDepth: options.maxDepth ?? 4, depthIdentifier: 'json-schema' },
      leaf,
      reference,
      fc
        .record(
          {
            properties: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
            required: fc.array(fc.boolean(), { maxLength: 4 }),
            additionalProperties: fc.option(fc.boolean(), { freq: 2 }),
            description: fc.option(fc.string({ maxLength: 8 }), { freq: 3 }),
          },
          { requiredKeys: ['properties', 'required'] },
        )
        .map(({ properties, required, additionalProperties, description }) =>
          objectSchema(properties, required, additionalProperties, description),
        ),
      fc.record({ items: tie('node'), minItems: fc.option(fc.nat(3), { freq: 2 }) }).map(({ items, minItems }) => ({
        type: 'array',
        items,
        ...(minItems === null || minItems === undefined ? {} : { minItems }),
      })),
      fc
        .record({
          keyword: fc.constantFrom('oneOf', 'anyOf', 'allOf'),
          branches: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
        })
        .map(({ keyword, branches }) => ({ [keyword]: branches })),
    ),
  }));
  return fc
    .record({
      draft: fc.constantFrom('draft-07', '2020-12'),
      definitions: fc.array(node, { minLength: DEFINITION_COUNT, maxLength: DEFINITION_COUNT }),
      properties: fc.array(node, { minLength: 1, maxLength: 4 }),
      required: fc.array(fc.boolean(), { maxLength: 4 }),
    })
    .map(({ draft, definitions, properties, required }) => {
      const keyword = draft === '2020-12' ? '$defs' : 'definitions';
      // A definition refers only to earlier ones, so no chain of `$ref`s loops without a schema in between.
      const bodies = definitions.map((body, index) => [`d${index}`, rewriteReferences(body, keyword, index)] as const);
      return {
        ...(draft === '2020-12' ? { $schema: 'https://json-schema.org/draft/2020-12/schema' } : {}),
        ...(rewriteReferences(objectSchema(properties, required, null, null), keyword, DEFINITION_COUNT) as JsonObject),
        [keyword]: Object.fromEntries(bodies),
      };
    });
};

const leaf: fc.Arbitrary<JsonObject> = fc.oneof(
  fc
    .record(
      {
        minLength: fc.nat(4),
        maxLength: fc.integer({ min: 5, max: 40 }),
        pattern: fc.constantFrom('^[a-z]+$', '^[0-9]{3}$', '.'),
        format: fc.constantFrom(...FORMATS),
      },
      { requiredKeys: [] },
    )
    .map((constraints) => ({ type: 'string', ...constraints })),
  fc
    .record(
      {
        minimum: fc.integer({ min: -10, max: 0 }),
        maximum: fc.integer({ min: 1, max: 100 }),
        multipleOf: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    )
    .chain((constraints) => fc.constantFrom('integer', 'number').map((type) => ({ type, ...constraints }))),
  fc.constantFrom<JsonObject>({ type: 'boolean' }, { type: 'null' }),
  fc
    .uniqueArray(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 })), { minLength: 1, maxLength: 4 })
    .map((values) => ({ enum: values })),
  fc.oneof(fc.string({ maxLength: 4 }), fc.integer()).map((value) => ({ const: value })),
);

/** A placeholder the document rewrites into a `$ref` to one of its definitions. */
const reference: fc.Arbitrary<JsonObject> = fc.nat(DEFINITION_COUNT - 1).map((index) => ({ $ref: `#/DEFS/d${index}` }));

function objectSchema(
  properties: JsonObject[],
  required: boolean[],
  additionalProperties: boolean | null | undefined,
  description: string | null | undefined,
): JsonObject {
  const names = properties.map((_, index) => `p${index}`);
  const requiredNames = names.filter((_, index) => required[index]);
  return {
    type: 'object',
    properties: Object.fromEntries(properties.map((schema, index) => [names[index]!, schema])),
    ...(requiredNames.length > 0 ? { required: requiredNames } : {}),
    ...(additionalProperties === null || additionalProperties === undefined ? {} : { additionalProperties }),
    ...(description === null || description === undefined ? {} : { description }),
  };
}

/** Turns placeholders into `$ref`s to the first `reachable` definitions (none reachable: a plain string schema). */
function rewriteReferences(json: Json, keyword: string, reachable: number): Json {
  if (Array.isArray(json)) return json.map((item) => rewriteReferences(item, keyword, reachable));
  if (json === null || typeof json !== 'object') return json;
  if (typeof json.$ref === 'string') {
    if (reachable === 0) return { type: 'string' };
    const index = Number(json.$ref.slice(json.$ref.lastIndexOf('d') + 1)) % reachable;
    return { $ref: `#/${keyword}/d${index}` };
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(json)) out[key] = rewriteReferences(value, keyword, reachable);
  return out;
}

export interface ChangedJsonSchema {
  schema: JsonObject;
  /** How many meaningful changes `at` can choose from. */
  changePoints: number;
  change: string | undefined;
}

/**
 * Applies the meaningful change numbered `at` (in walk order) to a copy of `schema`: a type, a bound, a pattern, a
 * format, a `required` entry, a property added or removed, an enum value, a combinator, a description — at any depth,
 * definitions included.
 */
export function changeJsonSchema(schema: JsonObject, at: number | undefined): ChangedJsonSchema {
  const state = { points: 0, change: undefined as string | undefined };
  const hit = (description: string) => {
    const isHit = state.points++ === at;
    if (isHit) state.change = description;
    return isHit;
  };
  const visit = (node: JsonObject, path: string): JsonObject => {
    const out: JsonObject = { ...node };
    if (typeof out.type === 'string' && hit(`${path}/type`))
      out.type = TYPES[(TYPES.indexOf(out.type) + 1) % TYPES.length]!;
    for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'multipleOf']) {
      if (typeof out[key] === 'number' && hit(`${path}/${key}`)) out[key] = (out[key] as number) + 1;
    }
    if (typeof out.pattern === 'string' && hit(`${path}/pattern`)) out.pattern = `${out.pattern}x`;
    if (typeof out.format === 'string' && hit(`${path}/format`))
      out.format = FORMATS[(FORMATS.indexOf(out.format) + 1) % FORMATS.length]!;
    if (typeof out.description === 'string' && hit(`${path}/description`)) out.description = `${out.description}!`;
    if (typeof out.additionalProperties === 'boolean' && hit(`${path}/additionalProperties`))
      out.additionalProperties = !out.additionalProperties;
    if (Array.isArray(out.enum) && hit(`${path}/enum`)) out.enum = [...out.enum, 'added-value'];
    if ('const' in out && hit(`${path}/const`)) out.const = typeof out.const === 'string' ? `${out.const}!` : 'changed';
    if (Array.isArray(out.required)) {
      if (hit(`${path}/required removed`)) out.required = out.required.slice(1);
      if (hit(`${path}/required added`)) out.required = [...(out.required as Json[]), 'zz'];
      if ((out.required as Json[]).length === 0) delete out.required;
    }
    if (out.properties && typeof out.properties === 'object' && !Array.isArray(out.properties)) {
      const properties: JsonObject = {};
      for (const [name, value] of Object.entries(out.properties)) {
        if (hit(`${path}/properties/${name} removed`)) continue;
        properties[name] = visit(value as JsonObject, `${path}/properties/${name}`);
      }
      if (hit(`${path}/properties added`)) properties.added = { type: 'string' };
      out.properties = properties;
    }
    if (out.items && typeof out.items === 'object' && !Array.isArray(out.items))
      out.items = visit(out.items, `${path}/items`);
    for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
      const branches = out[keyword];
      if (!Array.isArray(branches)) continue;
      let changed = branches.map((branch, index) => visit(branch as JsonObject, `${path}/${keyword}/${index}`));
      if (changed.length > 1 && hit(`${path}/${keyword} branch removed`)) changed = changed.slice(1);
      if (hit(`${path}/${keyword} renamed`)) {
        delete out[keyword];
        out[keyword === 'oneOf' ? 'anyOf' : keyword === 'anyOf' ? 'allOf' : 'oneOf'] = changed;
      } else {
        out[keyword] = changed;
      }
    }
    for (const keyword of ['$defs', 'definitions']) {
      const definitions = out[keyword];
      if (!definitions || typeof definitions !== 'object' || Array.isArray(definitions)) continue;
      out[keyword] = Object.fromEntries(
        Object.entries(definitions).map(([name, body]) => [
          name,
          visit(body as JsonObject, `${path}/${keyword}/${name}`),
        ]),
      );
    }
    return out;
  };
  const changed = visit(schema, '');
  return { schema: changed, changePoints: state.points, change: state.change };
}

/** The same JSON written another way: every object's keys in an order taken from `stream`, indented or not. */
export function respellJson(json: Json, stream: readonly number[]): string {
  let cursor = 0;
  const next = (count: number) => (stream.length === 0 ? 0 : stream[cursor++ % stream.length]! % count);
  const shuffle = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(shuffle);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = next(i + 1);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const out: JsonObject = {};
    for (const key of keys) out[key] = shuffle(value[key] as Json);
    return out;
  };
  const shuffled = shuffle(json);
  return JSON.stringify(shuffled, null, [0, 2, '\t'][next(3)]);
}
