// What registry-latency's steady state sees (issue #17 §3), at several read rates: the drill's own fault proxy (no
// fault), registry-reads workload and SLA monitor (timeScale 120: 0.5 s slices) against a test registry, for 12 s per
// rate. Prints, per run and rate, the slices whose p99 was over 50 ms and the SLI a steady state judged at 2 s would
// see (the shortest window with data, as `charter drill` reads it). Needs PostgreSQL and Redis (the test services).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRegistry } from '@charter/registry/testing';
import { readSla } from '@charter/sla';
import { startSlaMonitor } from '@charter/sla/node';
import { loadScenario } from '../src/drill/drill-scenario.js';
import { FaultInjector } from '../src/drill/fault-injector.js';
import { RegistryWorkload } from '../src/drill/registry-workload.js';

const RATES = (process.env.RATES ?? '20,100,200,400').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 12);
const root = join(import.meta.dirname, '../../..');
const sla = readSla(readFileSync(join(root, 'runbooks/platform-sla.yaml'), 'utf8')).sla!;
const loaded = loadScenario(readFileSync(join(root, 'runbooks/scenarios/registry-latency.yaml'), 'utf8'));
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const registry = await startTestRegistry();
const schema = readFileSync(join(root, 'contracts/orders/schemas/orders-value/v1.avsc'), 'utf8');
const schemaId = (await registry.http.register('orders-value', schema)).body.id;
console.log('| run | reads/s | slices | slices with p99 > 50 ms | worst slice p99 | SLI judged at 2 s |');
console.log('|---|---|---|---|---|---|');
for (let run = 1; run <= RUNS; run++) {
  for (const rate of RATES) {
    const injector = await FaultInjector.start({ fault: loaded.scenario.fault, upstreamUrl: registry.url });
    const workload = new RegistryWorkload({
      registryUrl: injector.proxyUrl,
      authorization: registry.admin,
      schemaId,
      ratePerSecond: rate,
      retryEveryMs: 100,
      deadLetterAfterMs: 60_000,
    });
    const url = await workload.serveMetrics();
    workload.start();
    const monitor = startSlaMonitor({
      sla,
      targets: [{ name: 'drill-clients', url }],
      intervalMilliseconds: 100,
      windowScale: 1 / loaded.scenario.timeScale,
    });
    const slices: number[] = [];
    let judged: number | undefined;
    let lastSlice = -1;
    const start = Date.now();
    while (Date.now() - start < SECONDS * 1_000) {
      await sleep(50);
      const sli = monitor.evaluate().slis.find((status) => status.slo === 'registry-latency')!;
      const slice = Math.floor(Date.now() / 500);
      if (slice !== lastSlice && sli.latest !== undefined) {
        slices.push(sli.latest);
        lastSlice = slice;
      }
      if (judged === undefined && Date.now() - start >= 2_000) {
        judged = [...sli.windows]
          .filter((window) => window.value !== undefined)
          .sort((a, b) => a.windowMilliseconds - b.windowMilliseconds)[0]?.value;
      }
    }
    monitor.stop();
    await workload.drain(3_000);
    await workload.close();
    await injector.close();
    const slow = slices.filter((p99) => p99 > 0.05).length;
    console.log(
      `| ${run} | ${rate} | ${slices.length} | ${slow} | ${(Math.max(...slices) * 1_000).toFixed(0)} ms | ${judged?.toFixed(2) ?? '—'} |`,
    );
  }
}
await registry.close();
