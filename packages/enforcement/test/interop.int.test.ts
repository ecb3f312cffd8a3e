import { useTestRegistry } from '@charter/registry/testing';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { SchemaType as KafkajsSchemaType, SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Deserializer, RegistryClient, Serializer } from '../src';
import { confluentClient as sharedConfluentClient } from './support';

/**
 * Bytes must be interchangeable with Confluent's clients in both directions, through the real registry: what
 * Charter writes, Confluent's serdes and @kafkajs/confluent-schema-registry read, and the reverse.
 */
const registry = useTestRegistry();

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme.orders',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount_cents', type: 'long' },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD'] } },
    {
      name: 'lines',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Line',
          fields: [
            { name: 'sku', type: 'string' },
            { name: 'qty', type: 'int' },
          ],
        },
      },
    },
    { name: 'coupon', type: ['null', 'string'], default: null },
    { name: 'attributes', type: { type: 'map', values: 'string' }, default: {} },
  ],
};
const ORDERS = [
  { id: 'o-1', amount_cents: 1250, currency: 'EUR', lines: [{ sku: 'A', qty: 2 }], coupon: null, attributes: {} },
  { id: 'o-2', amount_cents: 2 ** 40, currency: 'USD', lines: [], coupon: 'WELCOME', attributes: { channel: 'web' } },
];
const PERSON = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Person',
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
  required: ['name'],
  additionalProperties: false,
};

const charterClient = () => new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0 });
const confluentClient = () => sharedConfluentClient(registry);
const kafkajsClient = () =>
  new SchemaRegistry({
    host: registry.url,
    auth: { username: registry.adminKey.keyId, password: registry.adminKey.secret },
  });

describe('Avro, with @confluentinc/schemaregistry', () => {
  beforeAll(async () => {
    await registry.http.register('orders-value', ORDER);
  });

  it('Charter writes, Confluent reads', async () => {
    const serializer = new Serializer({ client: charterClient() });
    const confluent = new AvroDeserializer(confluentClient(), SerdeType.VALUE, {});
    for (const order of ORDERS) {
      const bytes = await serializer.serialize('orders', order);
      expect(await confluent.deserialize('orders', bytes)).toEqual(order);
    }
  });

  it('Confluent writes, Charter reads, byte for byte the same frame', async () => {
    const confluent = new AvroSerializer(confluentClient(), SerdeType.VALUE, { useLatestVersion: true });
    const serializer = new Serializer({ client: charterClient() });
    const deserializer = new Deserializer({ client: charterClient() });
    for (const order of ORDERS) {
      const bytes = await confluent.serialize('orders', order);
      expect(Buffer.compare(bytes, await serializer.serialize('orders', order))).toBe(0);
      const { value, schemaId } = await deserializer.deserialize('orders', bytes);
      expect(value).toEqual(order);
      expect(schemaId).toBe(bytes.readInt32BE(1));
    }
  });
});

describe('JSON Schema, with @confluentinc/schemaregistry', () => {
  beforeAll(async () => {
    await registry.http.register('people-value', PERSON, { schemaType: 'JSON' });
  });

  it('reads each other’s bytes in both directions', async () => {
    const ours = new Serializer({ client: charterClient() });
    const theirs = new JsonSerializer(confluentClient(), SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const readOurs = new Deserializer({ client: charterClient() });
    const readTheirs = new JsonDeserializer(confluentClient(), SerdeType.VALUE, { validate: true });
    const person = { name: 'Grace', age: 85 };
    expect(await readTheirs.deserialize('people', await ours.serialize('people', person))).toEqual(person);
    expect((await readOurs.deserialize('people', await theirs.serialize('people', person))).value).toEqual(person);
  });

  it('refuses what the schema forbids before anything is written, listing every violation', async () => {
    const ours = new Serializer({ client: charterClient() });
    const refused = await ours.serialize('people', { age: -1, nickname: 'x' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ errorClass: 'contract-violation' });
    expect((refused as { violations: Array<{ rule: string; path: string }> }).violations).toEqual([
      expect.objectContaining({ rule: 'schema/required', path: '' }),
      expect.objectContaining({ rule: 'schema/additionalProperties', path: '' }),
      expect.objectContaining({ rule: 'schema/minimum', path: '/age' }),
    ]);
  });
});

describe('Avro, with @kafkajs/confluent-schema-registry', () => {
  it('reads each other’s bytes in both directions', async () => {
    const kafkajs = kafkajsClient();
    const { id } = await kafkajs.register(
      { type: KafkajsSchemaType.AVRO, schema: JSON.stringify(ORDER) },
      { subject: 'kjs-orders-value' },
    );
    const ours = new Serializer({ client: charterClient() });
    const readOurs = new Deserializer({ client: charterClient() });
    for (const order of ORDERS) {
      expect(await kafkajs.decode(await ours.serialize('kjs-orders', order))).toEqual(order);
      const theirs = await kafkajs.encode(id, order);
      expect((await readOurs.deserialize('kjs-orders', theirs)).value).toEqual(order);
    }
  });
});

describe('the producer’s own schema', () => {
  it('is looked up under its subject, registered only with autoRegister, and named for the record strategies', async () => {
    const schema = { schemaType: 'AVRO' as const, schema: JSON.stringify({ ...ORDER, name: 'Refund' }) };
    const strict = new Serializer({ client: charterClient(), schema, subjectStrategy: 'record' });
    await expect(strict.serialize('refunds', ORDERS[0])).rejects.toMatchObject({ errorClass: 'unknown-schema' });
    const registering = new Serializer({
      client: charterClient(),
      schema,
      subjectStrategy: 'record',
      autoRegister: true,
    });
    const bytes = await registering.serialize('refunds', ORDERS[0]);
    expect(await strict.serialize('refunds', ORDERS[0])).toEqual(bytes);
    expect((await registry.http.get('/subjects/com.acme.orders.Refund/versions')).body).toEqual([1]);
    const reader = new Deserializer({ client: charterClient(), subjectStrategy: 'record' });
    expect((await reader.deserialize('refunds', bytes)).value).toEqual(ORDERS[0]);
  });
});

describe('records the consumer must refuse', () => {
  it('a schema id from another subject is wrong-subject; an unknown id is unknown-schema', async () => {
    const people = await new Serializer({ client: charterClient() }).serialize('people', { name: 'Ada' });
    const reader = new Deserializer({ client: charterClient() });
    await expect(reader.deserialize('orders', people)).rejects.toMatchObject({
      errorClass: 'wrong-subject',
      message: expect.stringContaining('is not a version of orders-value'),
    });
    const unknown = Buffer.concat([Buffer.of(0, 0, 0, 0x7f, 0xff), Buffer.from('x')]);
    await expect(reader.deserialize('orders', unknown)).rejects.toMatchObject({ errorClass: 'unknown-schema' });
  });
});

describe('following a subject’s latest version', () => {
  it('revalidates with If-None-Match once its TTL passes, and a 304 keeps what it holds', async () => {
    const statuses: number[] = [];
    const client = new RegistryClient({
      url: registry.url,
      credentials: registry.adminKey,
      latestTtlMs: 0,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    const first = await client.latest('orders-value');
    const second = await client.latest('orders-value');
    expect(second).toEqual(first);
    expect(statuses).toEqual([200, 304]);
  });
});

describe('when the registry is down', () => {
  it('keeps serving every id already seen, and says transient for the rest', async () => {
    // The registry goes away for this client: every request now fails as a refused connection does.
    let down = false;
    const client = new RegistryClient({
      url: registry.url,
      credentials: registry.adminKey,
      retries: 1,
      backoffMs: 5,
      fetch: (input, init) => (down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
    });
    const bytes = await new Serializer({ client }).serialize('orders', ORDERS[0]);
    const reader = new Deserializer({ client });
    await reader.deserialize('orders', bytes);
    down = true;
    expect((await reader.deserialize('orders', bytes)).value).toEqual(ORDERS[0]);
    const unseen = Buffer.concat([Buffer.of(0, 0, 0, 0x10, 0), Buffer.from('x')]);
    const failure = await reader.deserialize('orders', unseen).catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'registry-unavailable', transient: true });
  });
});
