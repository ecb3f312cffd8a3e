import type { JsonValue } from '../types';

/** Annotations Confluent compares on every schema (id, title, description, default). */
export interface Annotations {
  id?: string;
  title?: string;
  description?: string;
  default?: JsonValue;
  hasDefault: boolean;
}

interface Base {
  meta: Annotations;
  /** The JSON this node came from, for canonical comparisons (e.g. de-duplicating combined subschemas). */
  source: JsonValue;
  /**
   * Canonical text of the whole subtree when it holds no `$ref`: two nodes with the same key are identical, so a
   * comparison can skip them in O(1) — most of a wide schema is unchanged between versions.
   */
  key?: string;
}

/**
 * The semantic model the JSON Schema comparison works on: one node per kind of constraint, the way Confluent's
 * checker sees a schema (a `type` with an `enum` is an allOf of the two; a `type` array is an anyOf; `$ref` is
 * followed, so references are transparent; `integer` is a number that requires integers).
 */
export type JsonSchemaNode =
  | (Base & { kind: 'empty' })
  | (Base & { kind: 'false' })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'null' })
  | (Base & StringConstraints & { kind: 'string' })
  | (Base & NumberConstraints & { kind: 'number' })
  | (Base & ObjectConstraints & { kind: 'object' })
  | (Base & ArrayConstraints & { kind: 'array' })
  | (Base & { kind: 'enum'; values: JsonValue[] })
  | (Base & { kind: 'const'; value: JsonValue })
  | (Base & { kind: 'not'; schema: JsonSchemaNode })
  | (Base & { kind: 'combined'; criterion: Criterion; subschemas: JsonSchemaNode[] });

export type Criterion = 'allOf' | 'anyOf' | 'oneOf';

export interface StringConstraints {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface NumberConstraints {
  requiresInteger: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

export interface ObjectConstraints {
  properties: Map<string, JsonSchemaNode>;
  required: string[];
  /** additionalProperties is absent, true or a schema (false means not permitted). */
  permitsAdditionalProperties: boolean;
  additionalProperties?: JsonSchemaNode;
  patternProperties: Array<{ pattern: RegExp; schema: JsonSchemaNode }>;
  dependencyArrays: Map<string, string[]>;
  dependencySchemas: Map<string, JsonSchemaNode>;
  minProperties?: number;
  maxProperties?: number;
}

export interface ArrayConstraints {
  /** `items` as one schema for every item. */
  allItems?: JsonSchemaNode;
  /** Positional item schemas (draft 7 `items` array, 2020-12 `prefixItems`). */
  itemSchemas?: JsonSchemaNode[];
  permitsAdditionalItems: boolean;
  additionalItems?: JsonSchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
}

export type JsonSchemaDraft = 'draft-07' | '2019-09' | '2020-12';
