import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { type PrivatePostgres, startPrivatePostgres } from '@charter/testkit';
import { Deserializer, RegistryClient, Serializer } from '../src';

/**
 * The registry answering 503 for real: its own database stops. The client retries with backoff, then reports a
 * transient registry-unavailable; what it has seen keeps working; once the database is back, so is everything.
 */
let postgres: PrivatePostgres;
let registry: TestRegistry;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  registry = await startTestRegistry({ database: { url: postgres.url }, redis: false });
});
afterAll(async () => {
  await registry?.close();
  await postgres?.stop();
});

const SCHEMA = (name: string) => ({ type: 'record', name, fields: [{ name: 'id', type: 'string' }] });

it('retries a 503, then says transient; seen ids keep working; recovers with the database', async () => {
  await registry.http.register('seen-value', SCHEMA('Seen'));
  const unseen = (await registry.http.register('unseen-value', SCHEMA('Unseen'))).body as { id: number };
  const statuses: number[] = [];
  const client = new RegistryClient({
    url: registry.url,
    credentials: registry.adminKey,
    retries: 2,
    backoffMs: 10,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    },
  });
  const seenBytes = await new Serializer({ client }).serialize('seen', { id: 'a' });
  const reader = new Deserializer({ client });
  await reader.deserialize('seen', seenBytes);
  // A frame for the other schema, written before the outage by a client that knew it.
  const unseenBytes = await new Serializer({
    client: new RegistryClient({ url: registry.url, credentials: registry.adminKey }),
  }).serialize('unseen', { id: 'b' });

  await postgres.stop();
  try {
    statuses.length = 0;
    expect((await reader.deserialize('seen', seenBytes)).value).toEqual({ id: 'a' });
    expect(statuses).toEqual([]);
    const failure = await reader.deserialize('unseen', unseenBytes).catch((error: unknown) => error);
    expect(failure).toMatchObject({ errorClass: 'registry-unavailable', transient: true });
    // The schema itself may come from the registry's own cache (200); what needs its store — here the subjects
    // holding the id — is a 503: tried once and retried twice.
    expect(statuses.filter((status) => status !== 200)).toEqual([503, 503, 503]);
  } finally {
    await postgres.start();
  }
  expect((await reader.deserialize('unseen', unseenBytes)).value).toEqual({ id: 'b' });
  expect(unseen.id).toBeGreaterThan(0);
});
