import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { type PrivatePostgres, startPrivatePostgres, waitUntil } from '@charter/testkit';
import { call, SAMPLE_FLOW, startTestLineage, type TestLineage } from '../support/test-lineage';

let registry: TestRegistry;
let postgres: PrivatePostgres;
let lineage: TestLineage;

beforeAll(async () => {
  registry = await startTestRegistry({ redis: false });
  // A server of this file's own: the test stops it to see /ready tell the truth.
  postgres = await startPrivatePostgres();
  lineage = await startTestLineage({
    registryUrl: registry.url,
    database: { url: postgres.url, name: 'postgres', template: undefined, drop: async () => undefined },
  });
});
afterAll(async () => {
  await lineage?.close();
  await postgres?.stop();
  await registry?.close();
});

const ready = async () => {
  const response = await fetch(`${lineage.url}/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('the lineage service as operations see it', () => {
  it('echoes a well-formed X-Request-Id on every answer, and makes one up otherwise', async () => {
    const mine = await fetch(`${lineage.url}/stats`, { headers: { 'x-request-id': 'airflow-run.7:task-3' } });
    expect(mine.headers.get('x-request-id')).toBe('airflow-run.7:task-3');
    const forged = await fetch(`${lineage.url}/stats`, { headers: { 'x-request-id': 'two words' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics without a key, with each request counted under its route', async () => {
    const admin = registry.admin;
    expect((await call(`${lineage.url}/api/v1/lineage`, 'POST', admin, SAMPLE_FLOW[0])).status).toBe(201);
    const response = await fetch(`${lineage.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(
      /charter_lineage_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/lineage",status="201"\} 1/,
    );
    expect(text).toContain('charter_lineage_process_resident_memory_bytes');
  });

  it('is ready while its database answers, reports the registry, and says so when the database is gone', async () => {
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', database: 'up', kafka: 'off', registry: 'up' },
    });
    await postgres.stop();
    try {
      const down = await waitUntil(ready, (answer) => answer.status === 503, { what: '/ready to fail' });
      expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });
      // Liveness is the process, not its dependencies.
      expect((await fetch(`${lineage.url}/health`)).status).toBe(200);
    } finally {
      await postgres.start();
    }
    await waitUntil(ready, (answer) => answer.status === 200, { timeoutMs: 20_000, what: '/ready to recover' });
  });
});
