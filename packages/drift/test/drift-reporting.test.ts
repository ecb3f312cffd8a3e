import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { DriftEvent } from '../src';
import { driftMetrics, HttpDriftReporter } from '../src/node';

/** A local registry stand-in: records every POST body and answers with the status `answer` gives. */
async function startRecordingServer(answer: (attempt: number, event: DriftEvent) => number) {
  const received: Array<{ path: string; headers: IncomingMessage['headers']; event: DriftEvent }> = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const event = JSON.parse(body) as DriftEvent;
      received.push({ path: request.url ?? '', headers: request.headers, event });
      response.statusCode = answer(attempts++, event);
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const event = (n: number): DriftEvent => ({
  event_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  contract: 'orders',
  contract_version: '3.0.0',
  source: 'kafka:orders',
  field: 'amount_cents',
  test: 'ks',
  statistic: 0.31,
  threshold: 0.1,
  window: { start: '2026-12-06T10:00:00.000Z', end: '2026-12-06T10:05:00.000Z', count: 10_000 },
  baseline: { windows: 3, count: 30_000 },
  detected_at: '2026-12-06T10:05:00.000Z',
});

describe('HttpDriftReporter', () => {
  it('posts each event to /drift-events with the given headers, in order, saying which were taken', async () => {
    const server = await startRecordingServer(() => 201);
    const taken: string[] = [];
    const reporter = new HttpDriftReporter({
      url: `${server.url}/`,
      headers: { authorization: 'Bearer k:s' },
      onSent: (sent) => taken.push(sent.event_id),
    });
    for (let n = 0; n < 5; n++) reporter.report(event(n));
    await reporter.flush();
    await server.close();
    expect(server.received.map((entry) => entry.path)).toEqual(Array(5).fill('/drift-events'));
    expect(server.received.map((entry) => entry.event)).toEqual([0, 1, 2, 3, 4].map(event));
    expect(server.received[0]!.headers.authorization).toBe('Bearer k:s');
    expect(reporter.stats).toEqual({ sent: 5, failed: 0, dropped: 0, queued: 0 });
    expect(taken).toEqual([0, 1, 2, 3, 4].map((n) => event(n).event_id));
  });

  it('retries a 503 with backoff, and sends the same event_id again', async () => {
    const server = await startRecordingServer((attempt) => (attempt < 2 ? 503 : 201));
    const reporter = new HttpDriftReporter({ url: server.url, backoffMs: 5 });
    reporter.report(event(1));
    await reporter.flush();
    await server.close();
    expect(server.received.map((entry) => entry.event.event_id)).toEqual(Array(3).fill(event(1).event_id));
    expect(reporter.stats).toMatchObject({ sent: 1, failed: 0 });
  });

  // Bad answers tried: a 400 (never retried), a registry that is not there (connection refused), a full queue.
  it('gives up on a 400 at once, and on a registry that is down after its retries', async () => {
    const server = await startRecordingServer(() => 400);
    const givenUp: string[] = [];
    const refused = new HttpDriftReporter({ url: server.url, onGiveUp: ({ reason }) => givenUp.push(reason) });
    refused.report(event(1));
    await refused.flush();
    await server.close();
    expect(server.received).toHaveLength(1);
    const down = new HttpDriftReporter({
      url: server.url,
      retries: 2,
      backoffMs: 5,
      onGiveUp: ({ reason }) => givenUp.push(reason),
    });
    down.report(event(2));
    await down.flush();
    expect(givenUp[0]).toBe('HTTP 400');
    expect(givenUp[1]).toMatch(/fetch failed|ECONNREFUSED/);
    expect(down.stats).toMatchObject({ sent: 0, failed: 1 });
  });

  it('never blocks the caller and keeps its queue bounded, dropping the oldest', async () => {
    const server = await startRecordingServer(() => 201);
    const reporter = new HttpDriftReporter({ url: server.url, maxQueue: 10 });
    const started = performance.now();
    for (let n = 0; n < 1_000; n++) reporter.report(event(n));
    expect(performance.now() - started).toBeLessThan(200);
    expect(reporter.stats.queued).toBeLessThanOrEqual(10);
    await reporter.flush();
    await server.close();
    expect(reporter.stats.sent + reporter.stats.dropped).toBe(1_000);
    expect(reporter.stats.sent).toBeLessThanOrEqual(11);
    expect(server.received.at(-1)!.event.event_id).toBe(event(999).event_id);
  });
});

describe('driftMetrics', () => {
  it('sets a gauge per field and test and counts drift events', async () => {
    const registry = new Registry();
    const metrics = driftMetrics(registry);
    metrics.onWindow({
      contract: { id: 'orders' },
      source: 'kafka:orders',
      phase: 'tested',
      window: { start: 0, end: 1, count: 10 },
      results: [{ field: 'currency', test: 'psi', statistic: 0.4, threshold: 0.25, drifted: true }],
    });
    metrics.onDrift({ ...event(1), field: 'currency', test: 'psi' });
    const text = await registry.metrics();
    expect(text).toContain('charter_drift_statistic{contract="orders",field="currency",test="psi"} 0.4');
    expect(text).toContain('charter_drift_threshold{contract="orders",field="currency",test="psi"} 0.25');
    expect(text).toContain('charter_drift_events_total{contract="orders",field="currency",test="psi"} 1');
    expect(text).toContain('charter_drift_windows_total{contract="orders",phase="tested"} 1');
  });
});
