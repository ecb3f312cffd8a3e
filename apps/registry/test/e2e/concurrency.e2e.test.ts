import { Client } from 'pg';
import { avroRecord, startTestRegistry, type TestRegistry } from '../../src/testing';

let registry: TestRegistry;
let replica: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry();
  // A second replica on the same database and Redis: writes must serialise across processes, not only within one.
  replica = await startTestRegistry({ database: registry.database, redis: registry.redis });
});

afterAll(async () => {
  await replica.close();
  await registry.close();
});

async function rows<T>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: registry.database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Version k of a subject: fields f1..fk, each optional, so every order of arrival is BACKWARD_TRANSITIVE-compatible. */
function versionOf(k: number) {
  return avroRecord(
    'Event',
    Array.from({ length: k }, (_, i): [string, unknown, unknown] => [`f${i + 1}`, ['null', 'int'], null]),
  );
}

describe('200 concurrent registrations over two replicas', () => {
  it('give one id per content and gapless versions per subject', async () => {
    const subjects = ['c1-value', 'c2-value', 'c3-value', 'c4-value'];
    for (const subject of subjects)
      await registry.http.put(`/config/${subject}`, { compatibility: 'BACKWARD_TRANSITIVE' });

    // Per subject: 25 distinct schemas, each sent twice (50 requests), half to each replica; 4 subjects = 200.
    const requests: Array<{ subject: string; k: number; target: TestRegistry }> = [];
    for (const subject of subjects) {
      for (let k = 1; k <= 25; k++) {
        requests.push({ subject, k, target: registry }, { subject, k, target: replica });
      }
    }
    requests.sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      requests.map(async ({ subject, k, target }) => ({
        subject,
        k,
        response: await target.http.register(subject, versionOf(k)),
      })),
    );

    // Each failure with its answer (a 503's error code says which resource ran out).
    expect(results.filter(({ response }) => response.status !== 200).map(({ response }) => response.body)).toEqual([]);
    // The same content got the same id everywhere, in every subject; different contents got different ids.
    const idByContent = new Map<number, Set<number>>();
    for (const { k, response } of results) {
      idByContent.set(k, (idByContent.get(k) ?? new Set()).add(response.body.id));
    }
    for (const ids of idByContent.values()) expect(ids.size).toBe(1);
    expect(new Set([...idByContent.values()].map((ids) => [...ids][0])).size).toBe(25);

    for (const subject of subjects) {
      const versions = (await registry.http.get<number[]>(`/subjects/${subject}/versions`)).body;
      expect(versions).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      // Both requests for the same content answered with the same version.
      const answered = results.filter((result) => result.subject === subject);
      for (let k = 1; k <= 25; k++) {
        const pair = answered.filter((result) => result.k === k).map((result) => result.response.body.version);
        expect(new Set(pair).size).toBe(1);
      }
    }
    const stored = await rows<{ schemas: string; versions: string }>(
      'SELECT (SELECT count(*) FROM schemas) AS schemas, (SELECT count(*) FROM subject_versions) AS versions',
    );
    expect(stored[0]).toEqual({ schemas: '25', versions: '100' });
  });

  it('register the same new content in 50 subjects at once under one id', async () => {
    const schema = avroRecord('Shared', [['x', 'long']]);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? registry : replica).http.register(`shared-${i}-value`, schema)),
    );
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.every((response) => response.body.version === 1)).toBe(true);
  });
});
