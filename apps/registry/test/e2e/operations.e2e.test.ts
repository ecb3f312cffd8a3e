import { Client } from 'pg';
import { OPENAPI_DOCUMENT } from '../../src/operations/openapi-document';
import { avroRecord, startTestRegistry, useTestRegistry } from '../../src/testing';

const registry = useTestRegistry();

describe('operations', () => {
  it('answers /health and /ready', async () => {
    expect((await registry.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await registry.http.get('/ready')).body).toEqual({ status: 'ready', database: 'up', cache: 'redis' });
  });

  it('counts requests by route template and status, cache tiers, and compatibility checks in /metrics', async () => {
    const { http } = registry;
    const { body } = await http.register('m-value', avroRecord('M', [['a', 'int']]));
    await http.get(`/schemas/ids/${body.id}`);
    await http.get(`/schemas/ids/${body.id}`);
    await http.register('m-value', avroRecord('M', [['b', 'int']]));
    await http.post('/compatibility/subjects/m-value/versions/latest', { schema: JSON.stringify(avroRecord('M', [])) });
    const metrics = await http.get<string>('/metrics', { accept: 'text/plain' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toMatch(
      /charter_registry_http_request_duration_seconds_count\{method="GET",route="\/schemas\/ids\/:id",status="200"\} 2/,
    );
    expect(metrics.body).toMatch(/charter_registry_http_request_duration_seconds_bucket\{le="0.005",method="GET"/);
    expect(metrics.body).toMatch(/charter_registry_cache_hits_total\{tier="memory"\} [1-9]/);
    expect(metrics.body).toMatch(/charter_registry_cache_misses_total [1-9]/);
    expect(metrics.body).toMatch(
      /charter_registry_compatibility_checks_total\{source="register",result="incompatible"\} 1/,
    );
    expect(metrics.body).toMatch(/charter_registry_compatibility_checks_total\{source="test",result="compatible"\} 1/);
    expect(metrics.body).toMatch(/charter_registry_process_cpu_seconds_total/);
  });

  it('describes exactly the routes it serves in /openapi.json, and renders it at /docs', async () => {
    const routes = new Set(registry.registry.routes);
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect([...documented].sort()).toEqual([...routes].sort());

    const served = await registry.http.get<{ openapi: string }>('/openapi.json');
    expect(served.body.openapi).toBe('3.1.0');
    const docs = await registry.http.get<string>('/docs', { accept: 'text/html' });
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(docs.body).toContain('/openapi.json');
    const asset = await registry.http.get<string>('/docs/assets/swagger-ui-bundle.js', { accept: '*/*' });
    expect(asset.status).toBe(200);
    expect((await registry.http.get('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('echoes a well-formed X-Request-Id, makes one otherwise, and negotiates the response type', async () => {
    const mine = await registry.http.get('/subjects', { 'x-request-id': 'ci-run-42.step:7' });
    expect(mine.headers.get('x-request-id')).toBe('ci-run-42.step:7');
    const forged = await registry.http.get('/subjects', { 'x-request-id': 'bad id\twith spaces' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const byDefault = await registry.http.get('/subjects');
    expect(byDefault.headers.get('content-type')).toContain('application/vnd.schemaregistry.v1+json');
    const json = await registry.http.get('/subjects', { accept: 'application/json' });
    expect(json.headers.get('content-type')).toContain('application/json');
    const generic = await registry.http.get('/subjects', { accept: 'application/vnd.schemaregistry+json' });
    expect(generic.headers.get('content-type')).toContain('application/vnd.schemaregistry+json');
  });

  it('finishes requests in flight when shutting down, then refuses new ones', async () => {
    const other = await startTestRegistry();
    const subject = 'shutdown-value';
    // Block writes to the versions table from outside, so registrations are provably in flight when shutdown starts.
    const blocker = new Client({ connectionString: other.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE subject_versions IN EXCLUSIVE MODE');
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      other.http.register(
        subject,
        avroRecord('S', [
          ['a', 'int'],
          [`f${i}`, ['null', 'int'], null],
        ]),
      ),
    );
    // In flight: one registration waits on the table lock in Postgres, and all five connections are open (the
    // others queue behind it in the process).
    const server = other.registry.app.getHttpServer();
    for (let waited = 0; waited < 500; waited++) {
      const { rows } = await blocker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'subject_versions'::regclass",
      );
      const connections = await new Promise<number>((resolve) =>
        server.getConnections((_error, count) => resolve(count)),
      );
      if (rows[0].n > 0 && connections >= 5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = other.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await blocker.query('COMMIT');
    await blocker.end();
    const results = await Promise.all(inFlight);
    await closing;
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((result) => result.body.version)).size).toBe(5);
    await expect(fetch(`${other.url}/subjects`)).rejects.toThrow();
  });
});
