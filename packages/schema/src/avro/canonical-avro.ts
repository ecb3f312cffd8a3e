import { stringifySorted } from '../parse-json-text';
import type { JsonValue } from '../types';
import type { AvroNode } from './avro-ast';

/**
 * Avro's Parsing Canonical Form (Avro specification, "Parsing Canonical Form for Schemas"): full names, only the
 * attributes that matter for reading (name, type, fields, symbols, items, values, size) in that order, primitives in
 * their short form, each named type written once and referred to by full name afterwards.
 */
export function toParsingCanonicalForm(node: AvroNode): string {
  return write(node, new Set());
}

/**
 * Charter's content address for Avro: the same ordering, names and whitespace rules as the Parsing Canonical Form,
 * but keeping what changes meaning for people and for schema resolution (doc, aliases, defaults, order, logical
 * types and custom properties, the latter sorted). Key order and whitespace in the source never change it.
 */
export function toAvroContentForm(node: AvroNode, raw: JsonValue): string {
  return writeFull(node, raw, new Set());
}

function write(node: AvroNode, seen: Set<string>): string {
  switch (node.kind) {
    case 'primitive':
      return JSON.stringify(node.type);
    case 'array':
      return `{"type":"array","items":${write(node.items, seen)}}`;
    case 'map':
      return `{"type":"map","values":${write(node.values, seen)}}`;
    case 'union':
      return `[${node.branches.map((branch) => write(branch, seen)).join(',')}]`;
    default: {
      if (seen.has(node.fullName)) return JSON.stringify(node.fullName);
      seen.add(node.fullName);
      const name = `{"name":${JSON.stringify(node.fullName)},"type":"${node.kind}"`;
      if (node.kind === 'record') {
        const fields = node.fields.map(
          (field) => `{"name":${JSON.stringify(field.name)},"type":${write(field.type, seen)}}`,
        );
        return `${name},"fields":[${fields.join(',')}]}`;
      }
      if (node.kind === 'enum') return `${name},"symbols":${JSON.stringify(node.symbols)}}`;
      return `${name},"size":${node.size}}`;
    }
  }
}

const STRUCTURAL = new Set([
  'type',
  'name',
  'namespace',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
  'aliases',
  'default',
]);
const FIELD_STRUCTURAL = new Set(['name', 'type', 'default', 'aliases']);

function writeFull(node: AvroNode, raw: JsonValue, seen: Set<string>): string {
  const rawObject = unwrap(raw);
  const extras = (skip: Set<string>): string => {
    if (!rawObject) return '';
    const keys = Object.keys(rawObject)
      .filter((key) => !skip.has(key))
      .sort();
    return keys.map((key) => `,${JSON.stringify(key)}:${stringifySorted(rawObject[key] as JsonValue)}`).join('');
  };
  switch (node.kind) {
    case 'primitive': {
      const more = extras(STRUCTURAL);
      return more ? `{"type":${JSON.stringify(node.type)}${more}}` : JSON.stringify(node.type);
    }
    case 'array':
      return `{"type":"array","items":${writeFull(node.items, rawObject?.items ?? null, seen)}${extras(STRUCTURAL)}}`;
    case 'map':
      return `{"type":"map","values":${writeFull(node.values, rawObject?.values ?? null, seen)}${extras(STRUCTURAL)}}`;
    case 'union': {
      const branches = Array.isArray(raw) ? raw : [];
      return `[${node.branches.map((branch, i) => writeFull(branch, branches[i] ?? null, seen)).join(',')}]`;
    }
    default: {
      if (
        seen.has(node.fullName) ||
        !rawObject ||
        typeof rawObject.type !== 'string' ||
        rawObject.type !== declaredKind(node.kind, rawObject.type)
      ) {
        return JSON.stringify(node.fullName);
      }
      seen.add(node.fullName);
      let out = `{"name":${JSON.stringify(node.fullName)},"type":"${node.kind}"`;
      if (node.aliases.length > 0) out += `,"aliases":${JSON.stringify([...node.aliases].sort())}`;
      if (node.kind === 'record') {
        const rawFields = Array.isArray(rawObject.fields) ? rawObject.fields : [];
        const fields = node.fields.map((field, i) => {
          const rawField = unwrap(rawFields[i] ?? null) ?? {};
          let text = `{"name":${JSON.stringify(field.name)},"type":${writeFull(field.type, rawField.type ?? null, seen)}`;
          if (field.aliases.length > 0) text += `,"aliases":${JSON.stringify([...field.aliases].sort())}`;
          if (field.hasDefault) text += `,"default":${stringifySorted(field.default as JsonValue)}`;
          const keys = Object.keys(rawField)
            .filter((key) => !FIELD_STRUCTURAL.has(key))
            .sort();
          text += keys.map((key) => `,${JSON.stringify(key)}:${stringifySorted(rawField[key] as JsonValue)}`).join('');
          return `${text}}`;
        });
        out += `,"fields":[${fields.join(',')}]`;
      } else if (node.kind === 'enum') {
        out += `,"symbols":${JSON.stringify(node.symbols)}`;
        if (node.default !== undefined) out += `,"default":${JSON.stringify(node.default)}`;
      } else {
        out += `,"size":${node.size}`;
      }
      return `${out}${extras(STRUCTURAL)}}`;
    }
  }
}

function declaredKind(kind: string, rawType: string): string {
  return rawType === 'error' && kind === 'record' ? 'error' : kind;
}

/** `{"type": {...}}` wraps another schema; look through it. */
function unwrap(raw: JsonValue): { [key: string]: JsonValue } | undefined {
  let current = raw;
  while (
    current &&
    typeof current === 'object' &&
    !Array.isArray(current) &&
    typeof current.type === 'object' &&
    current.type !== null
  ) {
    current = current.type;
  }
  return current && typeof current === 'object' && !Array.isArray(current) ? current : undefined;
}
