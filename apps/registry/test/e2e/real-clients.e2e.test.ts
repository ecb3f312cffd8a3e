import {
  AvroDeserializer,
  AvroSerializer,
  Compatibility,
  JsonDeserializer,
  JsonSerializer,
  RestError,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { confluentClient, useTestRegistry } from '../../src/testing';

const user = {
  type: 'record',
  name: 'User',
  namespace: 'com.example',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'age', type: 'int' },
  ],
};
const userV2 = { ...user, fields: [...user.fields, { name: 'email', type: ['null', 'string'], default: null }] };
const userBreaking = { ...user, fields: [...user.fields, { name: 'email', type: 'string' }] };
const person = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Person',
  type: 'object',
  properties: { name: { type: 'string' } },
  required: ['name'],
};

const registry = useTestRegistry();

describe('@kafkajs/confluent-schema-registry, unchanged', () => {
  const client = (key = registry.adminKey) =>
    new SchemaRegistry({
      host: registry.url,
      retry: { retries: 0 },
      auth: { username: key.keyId, password: key.secret },
    });

  it('authenticates with HTTP Basic: no key is a 401 (40101), a reader key reads but may not write (403, 40301)', async () => {
    const anonymous = new SchemaRegistry({ host: registry.url, retry: { retries: 0 } });
    const unauthenticated = await anonymous.getLatestSchemaId('anything-value').catch((error: unknown) => error);
    expect(unauthenticated).toMatchObject({ status: 401 });
    const { body: reader } = await registry.http.post<{ id: string; secret: string }>('/keys', {
      name: 'kafkajs reader',
      role: 'reader',
    });
    const admin = client();
    const { id } = await admin.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(user) },
      { subject: 'kafkajs-auth-value' },
    );
    const asReader = client({ keyId: reader.id, secret: reader.secret });
    expect(await asReader.getLatestSchemaId('kafkajs-auth-value')).toBe(id);
    const refused = await asReader
      .register({ type: SchemaType.AVRO, schema: JSON.stringify(userV2) }, { subject: 'kafkajs-auth-value' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect((await registry.http.get('/subjects/kafkajs-auth-value/versions')).body).toEqual([1]);
  });

  it('registers, looks up, and round-trips Avro and JSON Schema through the wire format', async () => {
    const kafkajs = client();
    const { id } = await kafkajs.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(user) },
      { subject: 'kjs-user-value', compatibility: COMPATIBILITY.BACKWARD },
    );
    // Its register call set the subject's level after the first registration (GET /config/{s} was 40408).
    expect((await registry.http.get('/config/kjs-user-value')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    // A second register reads that config back and accepts it.
    const again = await kafkajs.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(user) },
      { subject: 'kjs-user-value', compatibility: COMPATIBILITY.BACKWARD },
    );
    expect(again.id).toBe(id);

    const encoded = await kafkajs.encode(id, { name: 'Ada', age: 36 });
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    // A fresh client has nothing cached: decode fetches GET /schemas/ids/{id}.
    expect(await client().decode(encoded)).toEqual({ name: 'Ada', age: 36 });
    expect(await kafkajs.getLatestSchemaId('kjs-user-value')).toBe(id);
    expect(
      await kafkajs.getRegistryIdBySchema('kjs-user-value', { type: SchemaType.AVRO, schema: JSON.stringify(user) }),
    ).toBe(id);

    const json = await kafkajs.register(
      { type: SchemaType.JSON, schema: JSON.stringify(person) },
      { subject: 'kjs-person-value' },
    );
    const jsonBytes = await kafkajs.encode(json.id, { name: 'Grace' });
    expect(await client().decode(jsonBytes)).toEqual({ name: 'Grace' });
    await expect(kafkajs.encode(json.id, { nope: 1 })).rejects.toThrow();
  });

  it('sees an incompatible registration refused and a compatible one accepted', async () => {
    const kafkajs = client();
    await kafkajs.register({ type: SchemaType.AVRO, schema: JSON.stringify(user) }, { subject: 'kjs-evolve-value' });
    await expect(
      kafkajs.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(userBreaking) },
        { subject: 'kjs-evolve-value' },
      ),
    ).rejects.toThrow(/incompatible with an earlier schema/);
    const evolved = await kafkajs.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(userV2) },
      { subject: 'kjs-evolve-value' },
    );
    expect(await kafkajs.getLatestSchemaId('kjs-evolve-value')).toBe(evolved.id);
  });
});

describe('@confluentinc/schemaregistry (Confluent client and serdes), unchanged', () => {
  const client = () => confluentClient(registry);
  // Topic name strategy: the ASSOCIATED default first asks /associations, which answers 404 here as it should.
  const serdeConfig = { useLatestVersion: true };

  it('registers, reads, and round-trips Avro and JSON Schema with the serializers', async () => {
    const confluent = client();
    const id = await confluent.register('cf-user-value', { schemaType: 'AVRO', schema: JSON.stringify(user) });
    expect(await confluent.getId('cf-user-value', { schemaType: 'AVRO', schema: JSON.stringify(user) })).toBe(id);
    expect(await confluent.getVersion('cf-user-value', { schemaType: 'AVRO', schema: JSON.stringify(user) })).toBe(1);
    const latest = await confluent.getLatestSchemaMetadata('cf-user-value');
    expect(latest).toMatchObject({ id, version: 1, schema: JSON.stringify(user) });

    const serializer = new AvroSerializer(confluent, SerdeType.VALUE, serdeConfig);
    const bytes = await serializer.serialize('cf-user', { name: 'Ada', age: 36 });
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    const deserializer = new AvroDeserializer(client(), SerdeType.VALUE, {});
    expect(await deserializer.deserialize('cf-user', bytes)).toEqual({ name: 'Ada', age: 36 });

    await confluent.register('cf-person-value', { schemaType: 'JSON', schema: JSON.stringify(person) });
    const jsonSerializer = new JsonSerializer(confluent, SerdeType.VALUE, { ...serdeConfig, validate: true });
    const jsonDeserializer = new JsonDeserializer(client(), SerdeType.VALUE, { validate: true });
    const jsonBytes = await jsonSerializer.serialize('cf-person', { name: 'Grace' });
    expect(await jsonDeserializer.deserialize('cf-person', jsonBytes)).toEqual({ name: 'Grace' });
    await expect(jsonSerializer.serialize('cf-person', { age: 3 })).rejects.toThrow(/Invalid message/);
  });

  it('tests compatibility, refuses an incompatible registration with 40901, and changes the level', async () => {
    const confluent = client();
    await confluent.register('cf-evolve-value', { schemaType: 'AVRO', schema: JSON.stringify(user) });
    expect(
      await confluent.testSubjectCompatibility('cf-evolve-value', {
        schemaType: 'AVRO',
        schema: JSON.stringify(userV2),
      }),
    ).toBe(true);
    expect(
      await confluent.testCompatibility('cf-evolve-value', 1, {
        schemaType: 'AVRO',
        schema: JSON.stringify(userBreaking),
      }),
    ).toBe(false);
    const refused = await confluent
      .register('cf-evolve-value', { schemaType: 'AVRO', schema: JSON.stringify(userBreaking) })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RestError);
    expect((refused as RestError).status).toBe(409);
    expect((refused as RestError).errorCode).toBe(40901);

    expect(await confluent.updateCompatibility('cf-evolve-value', Compatibility.FULL)).toBe('FULL');
    expect(await confluent.getCompatibility('cf-evolve-value')).toBe('FULL');
    expect(await confluent.updateDefaultCompatibility(Compatibility.BACKWARD)).toBe('BACKWARD');
    expect(await confluent.getDefaultCompatibility()).toBe('BACKWARD');
  });

  it('lists and soft-deletes versions and subjects, then deletes permanently', async () => {
    const confluent = client();
    await confluent.register('cf-delete-value', { schemaType: 'AVRO', schema: JSON.stringify(user) });
    await confluent.register('cf-delete-value', { schemaType: 'AVRO', schema: JSON.stringify(userV2) });
    expect(await confluent.getAllVersions('cf-delete-value')).toEqual([1, 2]);
    expect(await confluent.getAllSubjects()).toContain('cf-delete-value');
    expect(await confluent.deleteSubjectVersion('cf-delete-value', 2)).toBe(2);
    expect(await confluent.getAllVersions('cf-delete-value')).toEqual([1]);
    expect(await confluent.deleteSubject('cf-delete-value')).toEqual([1]);
    expect(await confluent.getAllSubjects()).not.toContain('cf-delete-value');
    const gone = await confluent.getLatestSchemaMetadata('cf-delete-value').catch((error: unknown) => error);
    expect((gone as RestError).errorCode).toBe(40401);
    expect(await confluent.deleteSubject('cf-delete-value', true)).toEqual([1, 2]);
  });
});
