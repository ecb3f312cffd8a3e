import { parseSchema, type SchemaType } from '@charter/schema';
import { avroShape, changeJsonSchema, jsonSchemaDocument, materializeAvroSchema, respellJson } from '@charter/testkit';
import { AvroDeserializer, SerdeType } from '@confluentinc/schemaregistry';
import * as avsc from 'avsc';
import fc from 'fast-check';
import { confluentClient, useTestRegistry } from '../../src/testing';

/**
 * Content addressing over HTTP with generated schemas (NONE subjects, so every registration lands): one id per
 * meaning, across subjects and spellings; what an id serves means what was registered under it; and what
 * `normalize=true` stores parses in avsc and in Confluent's own deserializer.
 */
jest.setTimeout(180_000);

const registry = useTestRegistry();
const canonicalOf = (schemaType: SchemaType, text: string) => parseSchema({ schemaType, schema: text }).canonical;

/** Every canonical form seen, with its id, and every id with its canonical form: the two must stay a bijection. */
class IdBook {
  private readonly idByCanonical = new Map<string, number>();
  private readonly canonicalById = new Map<number, string>();

  record(canonical: string, id: number): void {
    const knownId = this.idByCanonical.get(canonical);
    if (knownId !== undefined && knownId !== id)
      throw new Error(`one meaning got ids ${knownId} and ${id}:\n${canonical}`);
    const knownCanonical = this.canonicalById.get(id);
    if (knownCanonical !== undefined && knownCanonical !== canonical) {
      throw new Error(`id ${id} holds two meanings:\n${knownCanonical}\n${canonical}`);
    }
    this.idByCanonical.set(canonical, id);
    this.canonicalById.set(id, canonical);
  }

  get size(): number {
    return this.canonicalById.size;
  }
}

describe('content addressing over HTTP (generated schemas)', () => {
  let subjects = 0;
  const subject = (role: string) => `gen-${++subjects}-${role}-value`;

  beforeAll(async () => {
    expect((await registry.http.put('/config', { compatibility: 'NONE' })).status).toBe(200);
  });

  async function register(
    name: string,
    schema: string,
    options: { normalize?: boolean; schemaType?: SchemaType } = {},
  ) {
    const query = options.normalize ? '?normalize=true' : '';
    const body = { schema, ...(options.schemaType === 'JSON' ? { schemaType: 'JSON' } : {}) };
    const { status, body: answer } = await registry.http.post<{ id: number; message?: string }>(
      `/subjects/${name}/versions${query}`,
      body,
    );
    if (status !== 200) throw new Error(`registering under ${name} answered ${status}: ${answer.message}\n${schema}`);
    return answer.id;
  }

  async function served(id: number): Promise<string> {
    const { status, body } = await registry.http.get<{ schema: string }>(`/schemas/ids/${id}`);
    expect(status).toBe(200);
    return body.schema;
  }

  it('gives 500 generated Avro pairs one id per meaning, and normalize=true stores text every client parses', async () => {
    const book = new IdBook();
    const confluent = new AvroDeserializer(confluentClient(registry), SerdeType.VALUE, {});
    let normalizedStored = 0;
    let decodedByConfluent = 0;
    await fc.assert(
      fc.asyncProperty(
        avroShape(),
        fc.nat(),
        fc.array(fc.nat(1_000), { minLength: 1, maxLength: 24 }),
        async (shape, point, spelling) => {
          const original = materializeAvroSchema(shape);
          const respelled = materializeAvroSchema(shape, { spelling });
          const changed = materializeAvroSchema(shape, { mutateAt: point % original.changePoints });
          const canonical = canonicalOf('AVRO', original.text);
          const changedCanonical = canonicalOf('AVRO', changed.text);
          expect(changedCanonical).not.toBe(canonical);

          const id = await register(subject('normalized'), original.text, { normalize: true });
          book.record(canonical, id);
          expect(await register(subject('respelled'), respelled.text)).toBe(id);
          const changedId = await register(subject('changed'), changed.text);
          book.record(changedCanonical, changedId);
          expect(changedId).not.toBe(id);

          // What each id serves means what was registered under it, and avsc reads it.
          const text = await served(id);
          if (text === canonical) normalizedStored++;
          expect(canonicalOf('AVRO', text)).toBe(canonical);
          expect(canonicalOf('AVRO', await served(changedId))).toBe(changedCanonical);
          const type = avsc.Type.forSchema(JSON.parse(text));

          // Confluent's deserializer fetches the schema by id and decodes bytes written with it.
          const value = finiteValue(type, 0);
          if (value === undefined) return; // a schema with no finite value (required recursion)
          const payload = type.toBuffer(value);
          const header = Buffer.alloc(5);
          header.writeInt32BE(id, 1);
          const decoded = await confluent.deserialize('gen', Buffer.concat([header, payload]));
          expect(type.toBuffer(decoded).equals(payload)).toBe(true);
          decodedByConfluent++;
        },
      ),
      { numRuns: 500 },
    );
    // Generated contents are nearly always new, so normalize=true wrote them; about four in five have a finite value
    // to decode (the rest hold a record that must contain itself: valid Avro, but no message can be written).
    expect(normalizedStored).toBeGreaterThan(450);
    expect(decodedByConfluent).toBeGreaterThan(350);
    expect(book.size).toBeGreaterThan(900);
  });

  it('gives 100 generated JSON Schema pairs one id per meaning across spellings and subjects', async () => {
    const book = new IdBook();
    await fc.assert(
      fc.asyncProperty(
        jsonSchemaDocument(),
        fc.nat(),
        fc.array(fc.nat(1_000), { minLength: 1, maxLength: 24 }),
        async (schema, point, spelling) => {
          const text = JSON.stringify(schema);
          const changed = changeJsonSchema(schema, point % changeJsonSchema(schema, undefined).changePoints);
          const id = await register(subject('json'), text, { normalize: true, schemaType: 'JSON' });
          book.record(canonicalOf('JSON', text), id);
          expect(await register(subject('json-respelled'), respellJson(schema, spelling), { schemaType: 'JSON' })).toBe(
            id,
          );
          const changedText = JSON.stringify(changed.schema);
          const changedId = await register(subject('json-changed'), changedText, { schemaType: 'JSON' });
          book.record(canonicalOf('JSON', changedText), changedId);
          expect(changedId).not.toBe(id);
          expect(canonicalOf('JSON', await served(id))).toBe(canonicalOf('JSON', text));
        },
      ),
      { numRuns: 100 },
    );
    expect(book.size).toBeGreaterThan(180);
  });
});

/**
 * A value of `type` that exercises every field (the last union branch that has one, one item, one map entry), or
 * undefined when the type has no finite value (a record that must contain itself).
 */
function finiteValue(type: avsc.Type, depth: number): unknown {
  if (depth > 16) return undefined;
  const any = type as avsc.Type & Record<string, unknown>;
  switch (type.typeName) {
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'int':
    case 'long':
      return 7;
    case 'float':
    case 'double':
      return 2.5;
    case 'bytes':
      return Buffer.from([1, 2, 3]);
    case 'string':
      return 'text';
    case 'enum':
      return (any.symbols as string[]).at(-1);
    case 'fixed':
      return Buffer.alloc(any.size as number, 9);
    case 'array': {
      const item = finiteValue(any.itemsType as avsc.Type, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'map': {
      const value = finiteValue(any.valuesType as avsc.Type, depth + 1);
      return value === undefined ? {} : { key: value };
    }
    case 'union:unwrapped':
    case 'union:wrapped':
      for (const branch of [...(any.types as avsc.Type[])].reverse()) {
        const value = finiteValue(branch, depth + 1);
        if (value === undefined) continue;
        return type.typeName === 'union:wrapped' ? { [branch.branchName!]: value } : value;
      }
      return undefined;
    default: {
      const record: Record<string, unknown> = {};
      for (const field of any.fields as Array<{ name: string; type: avsc.Type }>) {
        const value = finiteValue(field.type, depth + 1);
        if (value === undefined) return undefined;
        record[field.name] = value;
      }
      return record;
    }
  }
}
