/**
 * The Scraper against real HTTP endpoints serving prom-client registries (the way every Charter service serves
 * /metrics), and startSlaMonitor wiring it to the evaluator with an injected clock.
 * Bad inputs tried: a target that refuses connections, one answering 500, one answering garbage, one too slow
 * (each is `up == 0` for that scrape, never an exception), a non-positive interval.
 */

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Counter, Registry } from 'prom-client';
import { compilePromql, evaluatePromql, MetricHistory, readSla, singleValueOf } from '../src';
import { Scraper, startSlaMonitor } from '../src/node';

type Handler = (respond: (status: number, body: string) => void) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) =>
    handler((status, body) => {
      response.writeHead(status, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(body);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`, server };
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const up = (history: MetricHistory, job: string, at: number) =>
  singleValueOf(evaluatePromql(compilePromql(`sum(up{job="${job}"})`), history, at));

describe('Scraper', () => {
  it('records each target at the clock’s time; failures are up == 0', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'charter_enforcement_produced_total',
      help: 'h',
      labelNames: ['topic'],
      registers: [registry],
    });
    counter.inc({ topic: 'orders' }, 3);
    const good = await serve(async (respond) => respond(200, await registry.metrics()));
    const failing = await serve((respond) => respond(500, 'oops'));
    const garbage = await serve((respond) => respond(200, 'not { metrics'));
    const slow = await serve((respond) => setTimeout(() => respond(200, 'a 1'), 500));
    servers.push(good.server, failing.server, garbage.server, slow.server);
    const history = new MetricHistory();
    let now = 42_000;
    const scraper = new Scraper({
      targets: [
        { name: 'pipeline', url: good.url },
        { name: 'failing', url: failing.url },
        { name: 'garbage', url: garbage.url },
        { name: 'slow', url: slow.url },
        { name: 'refused', url: 'http://127.0.0.1:1/metrics' },
      ],
      history,
      intervalMilliseconds: 1_000,
      timeoutMilliseconds: 200,
      clock: { now: () => now },
    });
    expect(await scraper.scrapeOnce()).toBe(42_000);
    now = 43_000;
    counter.inc({ topic: 'orders' }, 4);
    await scraper.scrapeOnce();
    expect(up(history, 'pipeline', 43_000)).toBe(1);
    for (const job of ['failing', 'garbage', 'slow', 'refused']) expect(up(history, job, 43_000)).toBe(0);
    const increase = compilePromql('sum(increase(charter_enforcement_produced_total{job="pipeline"}[1s]))');
    expect(singleValueOf(evaluatePromql(increase, history, 43_000))).toBe(4);
    expect(() => new Scraper({ targets: [], history, intervalMilliseconds: 0 })).toThrow();
  });

  it('startSlaMonitor polls on its interval and evaluates the SLA', async () => {
    const registry = new Registry();
    new Counter({
      name: 'charter_enforcement_produced_total',
      help: 'h',
      labelNames: ['topic'],
      registers: [registry],
    }).inc({ topic: 'orders' }, 10);
    const pipeline = await serve(async (respond) => respond(200, await registry.metrics()));
    servers.push(pipeline.server);
    const sla = readSla(readFileSync(join(__dirname, '../../../runbooks/platform-sla.yaml'), 'utf8')).sla!;
    const monitor = startSlaMonitor({
      sla,
      targets: [{ name: 'pipeline', url: pipeline.url }],
      intervalMilliseconds: 50,
      windowScale: 1 / 720,
    });
    try {
      const deadline = Date.now() + 5_000;
      let evaluation = monitor.evaluate();
      // Waits for a complete time slice holding a scrape: the lag (10 produced, none handled) is then visible.
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        evaluation = monitor.evaluate();
        if (evaluation.slis.find((s) => s.slo === 'pipeline-freshness')?.latest !== undefined) break;
      }
      expect(evaluation.slis.find((s) => s.slo === 'pipeline-freshness')?.latest).toBe(10);
    } finally {
      await monitor.stop();
    }
  });
});
