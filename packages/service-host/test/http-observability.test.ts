import { Writable } from 'node:stream';
import fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { installHttpObservability } from '../src/http/http-observability';
import { registerOperationsRoutes } from '../src/operations/operations-routes';
import { Readiness } from '../src/operations/readiness';
import { ServiceMetrics } from '../src/operations/service-metrics';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

async function build(accessLog: 'all' | 'writes' | 'off', databaseUp = true) {
  const app = fastify();
  const metrics = new ServiceMetrics('charter_test_');
  const { logger, lines } = capture();
  const { routes } = installHttpObservability(app, { metrics, logger, accessLog });
  registerOperationsRoutes(app, {
    metrics,
    readiness: new Readiness([{ name: 'database', critical: true, check: () => (databaseUp ? 'up' : 'down') }]),
  });
  app.get('/things/:id', async () => ({ ok: true }));
  app.post('/things', async (_request, reply) => reply.status(201).send({ created: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, metrics, lines, routes };
}

/** A real HTTP request (fastify's inject needs an ESM-only module Jest cannot load here). */
async function send(options: { url: string; method?: string; headers?: Record<string, string> }) {
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}${options.url}`, {
    method: options.method ?? 'GET',
    headers: options.headers,
  });
  const body = await response.text();
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    json: () => JSON.parse(body) as unknown,
  };
}

let app: FastifyInstance;
afterEach(() => app?.close());

describe('installHttpObservability', () => {
  it('echoes a well-formed X-Request-Id and replaces a malformed or missing one', async () => {
    ({ app } = await build('off'));
    const kept = await send({ url: '/things/1', headers: { 'x-request-id': 'ci-run.42:step-7' } });
    expect(kept.headers['x-request-id']).toBe('ci-run.42:step-7');
    for (const bad of ['has space', 'x'.repeat(129), 'quote"d', '']) {
      const replaced = await send({ url: '/things/1', headers: { 'x-request-id': bad } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const none = await send({ url: '/things/1' });
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('observes each request under its route template, and unmatched paths under one label', async () => {
    let metrics: ServiceMetrics;
    ({ app, metrics } = await build('off'));
    await send({ url: '/things/1' });
    await send({ url: '/things/2' });
    await send({ url: '/nothing/here' });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'charter_test_http_request_duration_seconds_count{method="GET",route="/things/:id",status="200"} 2',
    );
    expect(text).toContain(
      'charter_test_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    );
    expect(text).toContain('charter_test_process_cpu_user_seconds_total');
  });

  it('logs writes and errors under `writes`, every request under `all`, none under `off`', async () => {
    let lines: Array<Record<string, unknown>>;
    ({ app, lines } = await build('writes'));
    await send({ url: '/things/1' });
    await send({ method: 'POST', url: '/things', headers: { 'x-request-id': 'req-1' } });
    await send({ url: '/missing' });
    expect(lines.map((line) => [line.method, line.route, line.status, line.requestId])).toEqual([
      ['POST', '/things', 201, 'req-1'],
      ['GET', 'unmatched', 404, expect.any(String)],
    ]);
    await app.close();

    ({ app, lines } = await build('all'));
    await send({ url: '/things/1' });
    expect(lines).toHaveLength(1);
    await app.close();

    ({ app, lines } = await build('off'));
    await send({ method: 'POST', url: '/things' });
    expect(lines).toHaveLength(0);
  });

  it('lists the routes served as METHOD /path/{param}', async () => {
    let routes: string[];
    ({ app, routes } = await build('off'));
    expect(routes).toEqual(['GET /health', 'GET /ready', 'GET /metrics', 'GET /things/{id}', 'POST /things']);
  });
});

describe('registerOperationsRoutes', () => {
  it('answers /ready 200 when its critical dependencies are up and 503 when not, as JSON', async () => {
    ({ app } = await build('off'));
    const ready = await send({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['content-type']).toMatch(/^application\/json/);
    expect(ready.json()).toEqual({ status: 'ready', database: 'up' });
    await app.close();

    ({ app } = await build('off', false));
    const down = await send({ url: '/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', database: 'down' });
    expect((await send({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const metrics = await send({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
  });
});
