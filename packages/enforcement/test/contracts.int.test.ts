import path from 'node:path';
import { readContractsDirectory } from '@charter/contracts/node';
import { useTestRegistry } from '@charter/registry/testing';
import { AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';
import { Deserializer, RegistryClient, Serializer } from '../src';
import { confluentClient, SAMPLE_ORDER } from './support';

/** The sample contracts applied to the real registry: orders-value is bound to the orders contract. */
const registry = useTestRegistry();
const CONTRACTS_DIR = path.resolve(__dirname, '../../../contracts');

const ORDER = SAMPLE_ORDER;

beforeAll(async () => {
  // What `charter apply` does for the orders domain: its schema versions in order, then its contract.
  const loaded = await readContractsDirectory(CONTRACTS_DIR);
  const orders = loaded.contracts.find((entry) => entry.contract.id === 'orders')!;
  expect((await registry.http.put('/ownership', loaded.ownership)).status).toBe(200);
  for (const { subject, versions } of orders.schemaVersions) {
    for (const version of versions) {
      const response = await registry.http.post(`/subjects/${subject}/versions`, { schema: version.text });
      expect(response.status).toBe(200);
    }
  }
  const published = await registry.http.put('/contracts/orders', orders.contract.document);
  expect(published.status).toBe(201);
});

const client = () => new RegistryClient({ url: registry.url, credentials: registry.adminKey, retries: 0 });

describe('contracts at runtime', () => {
  it('the producer edge refuses what the schema allows but the contract does not', async () => {
    const serializer = new Serializer({ client: client() });
    await expect(serializer.serialize('orders', ORDER)).resolves.toBeInstanceOf(Buffer);
    const refused = await serializer
      .serialize('orders', { ...ORDER, amount_cents: -100, currency: 'euro' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      errorClass: 'contract-violation',
      details: { subject: 'orders-value' },
      violations: [
        expect.objectContaining({ rule: 'contract/minimum', path: '/amount_cents' }),
        expect.objectContaining({ rule: 'contract/pattern', path: '/currency' }),
      ],
    });
    // Without contract checks the same value is only held to the Avro schema, which it meets.
    await expect(
      new Serializer({ client: client(), contracts: false }).serialize('orders', { ...ORDER, amount_cents: -100 }),
    ).resolves.toBeInstanceOf(Buffer);
  });

  it('the consumer refuses a record another client wrote that breaks the contract', async () => {
    const confluent = new AvroSerializer(confluentClient(registry), SerdeType.VALUE, { useLatestVersion: true });
    const bytes = await confluent.serialize('orders', { ...ORDER, status: 'PAID', amount_cents: -1 });
    const reader = new Deserializer({ client: client() });
    await expect(reader.deserialize('orders', bytes)).rejects.toMatchObject({
      errorClass: 'contract-violation',
      violations: [expect.objectContaining({ rule: 'contract/minimum', path: '/amount_cents' })],
    });
    const good = await confluent.serialize('orders', ORDER);
    expect((await reader.deserialize('orders', good)).value).toEqual(ORDER);
  });
});
