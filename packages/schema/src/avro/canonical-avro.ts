import { stringifySorted } from '../parse-json-text';
import type { JsonValue } from '../types';
import type { AvroField, AvroNamed, AvroNode, AvroProperties } from './avro-ast';

/**
 * Avro's Parsing Canonical Form (Avro specification, "Parsing Canonical Form for Schemas"): full names, only the
 * attributes that matter for reading (name, type, fields, symbols, items, values, size) in that order, primitives in
 * their short form, each named type written once and referred to by full name afterwards.
 */
export function toParsingCanonicalForm(node: AvroNode): string {
  return write(node, new Set());
}

/**
 * Charter's content address for Avro, and the text `normalize=true` stores: a schema in its own right, written from
 * the parsed model alone. It follows Parsing Canonical Form for names (full names), order (name, type, then fields,
 * symbols, items, values or size) and named types (defined in full where Avro's resolution meets them first, by
 * full name after), and keeps at every depth what changes meaning for people and for schema resolution: `doc`,
 * aliases (sorted), defaults (enum defaults included), a field's `order`, logical types and custom properties, the
 * latter after the rest in key order. Key order, whitespace, `{"type":"int"}` for `"int"` and a namespace spelled
 * out or inherited never change it; `canonical(parse(canonical(s))) === canonical(s)`.
 *
 * `defined` names the types the schema takes from its references: they are written by name, never inlined.
 */
export function toAvroContentForm(node: AvroNode, defined: Iterable<string> = []): string {
  return new ContentFormWriter(new Set(defined)).write(node, '');
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

class ContentFormWriter {
  constructor(private readonly defined: Set<string>) {}

  /** `namespace` is the enclosing named type's, which the text being written gives any relative name. */
  write(node: AvroNode, namespace: string): string {
    switch (node.kind) {
      case 'primitive':
        return node.properties
          ? `{"type":${JSON.stringify(node.type)}${writeProperties(node.properties)}}`
          : JSON.stringify(node.type);
      case 'array':
        return `{"type":"array","items":${this.write(node.items, namespace)}${writeProperties(node.properties)}}`;
      case 'map':
        return `{"type":"map","values":${this.write(node.values, namespace)}${writeProperties(node.properties)}}`;
      case 'union':
        return `[${node.branches.map((branch) => this.write(branch, namespace)).join(',')}]`;
      default:
        if (this.defined.has(node.fullName)) return JSON.stringify(node.fullName);
        this.defined.add(node.fullName);
        return this.writeNamed(node, namespace);
    }
  }

  private writeNamed(node: AvroNamed, enclosing: string): string {
    const own = namespaceOf(node.fullName);
    const kind = node.kind === 'record' && node.isError ? 'error' : node.kind;
    let out = `{"name":${JSON.stringify(node.fullName)},"type":"${kind}"`;
    // A name without a dot would take the enclosing namespace; the null namespace has to be said.
    if (own === '' && enclosing !== '') out += ',"namespace":""';
    const extra: Record<string, JsonValue> = { ...node.properties };
    if (node.aliases.length > 0) extra.aliases = [...node.aliases].sort();
    switch (node.kind) {
      case 'record':
        out += `,"fields":[${node.fields.map((field) => this.writeField(field, own)).join(',')}]`;
        break;
      case 'enum':
        out += `,"symbols":${JSON.stringify(node.symbols)}`;
        if (node.default !== undefined) extra.default = node.default;
        break;
      case 'fixed':
        out += `,"size":${node.size}`;
        break;
    }
    return `${out}${writeProperties(extra)}}`;
  }

  private writeField(field: AvroField, namespace: string): string {
    const extra: Record<string, JsonValue> = { ...field.properties };
    if (field.aliases.length > 0) extra.aliases = [...field.aliases].sort();
    if (field.hasDefault) extra.default = field.default as JsonValue;
    return `{"name":${JSON.stringify(field.name)},"type":${this.write(field.type, namespace)}${writeProperties(extra)}}`;
  }
}

/** `,"key":value` for each property, keys in code-point order, values with sorted keys. */
function writeProperties(properties: AvroProperties | undefined): string {
  if (!properties) return '';
  let out = '';
  for (const key of Object.keys(properties).sort()) {
    out += `,${JSON.stringify(key)}:${stringifySorted(properties[key] as JsonValue)}`;
  }
  return out;
}

function namespaceOf(fullName: string): string {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? '' : fullName.slice(0, dot);
}
