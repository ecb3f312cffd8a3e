// The drill's registry clients conserve messages: whatever the registry does (answers, 503s, dropped connections,
// for any stretch of time), every message produced ends processed or dead-lettered, once. A fast-check property over
// a real local HTTP server whose behaviour follows the generated schedule.
// Bad inputs tried: a registry that drops every connection, one that never recovers (all dead-lettered), flapping.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { RegistryWorkload } from './registry-workload';

type Behaviour = 'ok' | 'error' | 'drop';

let server: Server;
let url: string;
let behaviour: Behaviour = 'ok';

beforeAll(async () => {
  server = createServer((request, response) => {
    if (behaviour === 'drop') return request.socket.destroy();
    if (behaviour === 'error') return response.writeHead(503).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"schema":"{}"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RegistryWorkload', () => {
  it('conserves every message by id, whatever the registry does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            behaviour: fc.constantFrom<Behaviour>('ok', 'error', 'drop'),
            ms: fc.integer({ min: 20, max: 120 }),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.integer({ min: 50, max: 400 }),
        async (schedule, deadLetterAfterMs) => {
          const workload = new RegistryWorkload({
            registryUrl: url,
            schemaId: 1,
            ratePerSecond: 100,
            retryEveryMs: 10,
            deadLetterAfterMs,
          });
          workload.start();
          for (const step of schedule) {
            behaviour = step.behaviour;
            await sleep(step.ms);
          }
          behaviour = schedule.at(-1)!.behaviour;
          const ledger = await workload.drain(deadLetterAfterMs + 1_000);
          await workload.close();
          behaviour = 'ok';
          const settled = [...ledger.processedIds, ...ledger.deadLetteredIds];
          expect(ledger.lostIds).toEqual([]);
          expect(new Set(settled).size).toBe(settled.length);
          expect(new Set(settled)).toEqual(new Set(ledger.producedIds));
          expect(ledger.produced).toBe(ledger.processed + ledger.deadLettered);
        },
      ),
      { numRuns: 8 },
    );
  }, 60_000);

  it('records what its clients saw in the registry request metric: 200s, and 503 for a dropped connection', async () => {
    const workload = new RegistryWorkload({
      registryUrl: url,
      schemaId: 1,
      ratePerSecond: 50,
      retryEveryMs: 10,
      deadLetterAfterMs: 60_000,
    });
    const metricsUrl = await workload.serveMetrics();
    workload.start();
    await sleep(100);
    behaviour = 'drop';
    await sleep(100);
    behaviour = 'ok';
    const ledger = await workload.drain(2_000);
    const text = await (await fetch(metricsUrl)).text();
    await workload.close();
    expect(ledger.lost).toBe(0);
    expect(workload.isHealthy()).toBe(true);
    expect(text).toMatch(
      /charter_registry_http_request_duration_seconds_count\{method="GET",route="\/schemas\/ids\/:id",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /charter_registry_http_request_duration_seconds_count\{method="GET",route="\/schemas\/ids\/:id",status="503"\} [1-9]/,
    );
  });
});
