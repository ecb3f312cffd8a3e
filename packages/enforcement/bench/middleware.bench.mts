// pnpm bench:middleware — what the Fastify hook costs: one Fastify server with the same POST route twice, bare and
// behind contractBodyHook(checker, 'orders-value'), loaded one after the other in short alternating rounds (goal:
// the hooked route >= 0.9x the bare one's throughput). The body is a valid sample order, so every request runs the
// whole check: the Avro schema, the schema's CEL rule and the orders contract (the registry is asked again only
// when the client's 30 s TTL runs out). Reported: req/s and p99 of each, the server's CPU time per request, the
// ratio of each round and their median (short adjacent rounds share the machine's load, so the median of their
// ratios is steadier than a ratio of means), and BodyChecker.check alone, in process, per call.
// The registry runs in this process (idle after the first request); the server in a child process; autocannon here.
// Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL, default the local ones) and a built registry (dist/).
// BENCH_ROUNDS (10) rounds of BENCH_SECONDS (2) per route, BENCH_CONNECTIONS (64). BENCH_AA=1 loads an unhooked copy
// of the bare route in place of the hooked one: the ratio the machine's noise alone gives. BENCH_EMPTY_HOOK=1 hooks an
// empty async preValidation instead: what Fastify's hook costs by itself (nothing measurable, 0.98x, 2026-12-06).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readContractsDirectory } from '@charter/contracts/node';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import autocannon from 'autocannon';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { contractBodyHook } from '../src/http/index.js';
import { BodyChecker, RegistryClient } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SUBJECT = 'orders-value';
const ORDER = {
  order_id: '0b6f7c52-9a5e-4d1c-8a9e-5f1f3b2f6a11',
  customer_id: 'c-1',
  amount_cents: 1250,
  currency: 'EUR',
  status: 'PAID',
  placed_at: 1_764_576_000_000,
  coupon_code: null,
  shipping_address: null,
};
type Route = 'bare' | 'checked';

function registryClient(): RegistryClient {
  return new RegistryClient({
    url: process.env.BENCH_REGISTRY_URL!,
    credentials: JSON.parse(process.env.BENCH_REGISTRY_KEY!) as { keyId: string; secret: string },
  });
}

/** The child: both routes on one Fastify server, answering the same 201 from the same handler. */
async function serve(): Promise<void> {
  const checker = new BodyChecker({ client: registryClient() });
  const app = Fastify();
  const handler = async (request: FastifyRequest<{ Body: typeof ORDER }>, reply: FastifyReply) =>
    reply.code(201).send({ accepted: request.body.order_id });
  // Not measured: the server's CPU time so far in microseconds (user + system), read before and after each load.
  app.get('/cpu', async () => {
    const { user, system } = process.cpuUsage();
    return { micros: user + system };
  });
  app.post<{ Body: typeof ORDER }>('/bare', handler);
  const hook = process.env.BENCH_AA
    ? {}
    : process.env.BENCH_EMPTY_HOOK
      ? { preValidation: async () => undefined }
      : { preValidation: contractBodyHook(checker, SUBJECT) };
  app.post<{ Body: typeof ORDER }>('/checked', hook, handler);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${url}\n`);
}

/** The sample orders domain as `charter apply` publishes it, with a CEL rule on the latest version. */
async function publishOrders(registry: TestRegistry): Promise<void> {
  const loaded = await readContractsDirectory(path.resolve(here, '../../../contracts'));
  const orders = loaded.contracts.find((entry) => entry.contract.id === 'orders')!;
  await registry.http.put('/ownership', loaded.ownership);
  const { versions } = orders.schemaVersions.find((entry) => entry.subject === SUBJECT)!;
  const rule = { name: 'placed_after_launch', kind: 'CONDITION', type: 'CEL', mode: 'WRITE' };
  for (const [index, version] of versions.entries()) {
    const extra =
      index === versions.length - 1
        ? { ruleSet: { domainRules: [{ ...rule, expr: 'message.placed_at >= 1577836800000' }] } }
        : {};
    const response = await registry.http.register(SUBJECT, version.text, extra);
    if (response.status !== 200) throw new Error(`registering ${SUBJECT} v${index + 1}: ${response.status}`);
  }
  const published = await registry.http.put('/contracts/orders', orders.contract.document);
  if (published.status !== 201) throw new Error(`publishing the orders contract: ${published.status}`);
}

const serverCpu = async (base: string) => ((await (await fetch(`${base}/cpu`)).json()) as { micros: number }).micros;

/** Throughput, p99 latency and the server's CPU time per request. */
async function load(base: string, route: Route, seconds: number) {
  const cpuBefore = await serverCpu(base);
  const result = await autocannon({
    url: `${base}/${route}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ORDER),
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  const cpuMicros = (await serverCpu(base)) - cpuBefore;
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequest: cpuMicros / result.requests.total };
}
type Measured = Awaited<ReturnType<typeof load>>;

/**
 * BodyChecker.check on a valid order, warm, in this process: microseconds a call (best of five batches), each call on a
 * freshly parsed body as a server gets it (the parse included, ~0.5 µs).
 */
const TEXT = JSON.stringify(ORDER);
async function timeCheck(): Promise<number> {
  const checker = new BodyChecker({ client: registryClient() });
  await checker.check(SUBJECT, ORDER);
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 5; batch++) {
    const calls = 20_000;
    const started = performance.now();
    for (let call = 0; call < calls; call++) await checker.check(SUBJECT, JSON.parse(TEXT));
    best = Math.min(best, ((performance.now() - started) * 1_000) / calls);
  }
  return best;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function bench(): Promise<void> {
  const registry = await startTestRegistry();
  const env = { BENCH_REGISTRY_URL: registry.url, BENCH_REGISTRY_KEY: JSON.stringify(registry.adminKey) };
  Object.assign(process.env, env);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await publishOrders(registry);
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    });
    // The hook is really checking: a broken order is refused (and let through by the unhooked copy).
    const expected = process.env.BENCH_AA || process.env.BENCH_EMPTY_HOOK ? 201 : 422;
    const refused = await fetch(`${base}/checked`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ORDER, amount_cents: -1 }),
    });
    if (refused.status !== expected) throw new Error(`a broken order was answered ${refused.status}, not ${expected}`);
    await load(base, 'bare', 1);
    await load(base, 'checked', 1);
    const rounds: Array<Record<Route, Measured>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which route goes first, so a drift in the machine's load favours neither.
      const order: Route[] = round % 2 === 0 ? ['bare', 'checked'] : ['checked', 'bare'];
      const measured: Partial<Record<Route, Measured>> = {};
      for (const route of order) measured[route] = await load(base, route, SECONDS);
      const entry = measured as Record<Route, Measured>;
      rounds.push(entry);
      console.error(
        `round ${round + 1}: bare ${entry.bare.rps.toFixed(0)} req/s, checked ${entry.checked.rps.toFixed(0)} req/s, ` +
          `ratio ${(entry.checked.rps / entry.bare.rps).toFixed(2)}x; server CPU ${entry.bare.cpuPerRequest.toFixed(0)} ` +
          `vs ${entry.checked.cpuPerRequest.toFixed(0)} µs a request`,
      );
    }
    const checkMicros = await timeCheck();
    const of = (route: Route, key: keyof Measured) => mean(rounds.map((entry) => entry[route][key]));
    const ratios = rounds.map((entry) => entry.checked.rps / entry.bare.rps);
    const ratio = median(ratios);
    const row = (name: string, route: Route) =>
      `| ${name} | ${of(route, 'rps').toFixed(0)} | ${of(route, 'p99').toFixed(1)} | ${of(route, 'cpuPerRequest').toFixed(0)} |`;
    console.log(
      [
        '',
        `| POST a valid order, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s | req/s (mean) | p99 ms | server CPU µs/request |`,
        '|---|---|---|---|',
        row('bare Fastify route', 'bare'),
        row(process.env.BENCH_AA ? 'bare again (BENCH_AA)' : 'with contractBodyHook', 'checked'),
        `| throughput ratio, median of rounds (goal >= 0.9x: ${ratio >= 0.9 ? 'met' : 'NOT met'}) | **${ratio.toFixed(2)}x** (ratio of means ${(of('checked', 'rps') / of('bare', 'rps')).toFixed(2)}x; rounds ${ratios.map((value) => value.toFixed(2)).join(', ')}) | | |`,
        `| BodyChecker.check alone, in process | ${checkMicros.toFixed(1)} µs a valid order | | |`,
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    await registry.close();
  }
}

if (process.argv[2] === 'serve') await serve();
else await bench();
