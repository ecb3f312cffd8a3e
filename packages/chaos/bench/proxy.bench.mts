// pnpm bench:chaos — the fault proxy's cost against a direct connection, side by side in one run:
//   throughput: BENCH_MB megabytes (256) pushed one way to a sink, MB/s
//   round trip: BENCH_PINGS sequential 64-byte echoes (5 000), p50 / p99 µs
//   http:       autocannon against a bare node:http server, 64 connections, BENCH_SECONDS (5) each, req/s and p99
// The proxy runs in its own process (as `charter chaos proxy` does), with no toxics, and so do the servers; the load
// comes from this process, so direct and proxied runs pay the same for it and for the servers. Rounds alternate (direct, proxy) so drift on
// a shared machine hits both; BENCH_ROUNDS (3) rounds, medians reported.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ChaosClient } from '../src/index.js';

const MB = Number(process.env.BENCH_MB ?? 256);
const PINGS = Number(process.env.BENCH_PINGS ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const here = path.dirname(fileURLToPath(import.meta.url));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

async function open(address: string): Promise<Socket> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  const socket = connect({ host, port });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  return socket;
}

/** Starts a bench script as its own process and returns the first line it prints. */
async function startProcess(script: string): Promise<{ line: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), path.join(here, script)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [first] = (await once(child.stdout!, 'data')) as [Buffer];
  return {
    line: first.toString().trim(),
    stop: async () => {
      child.stdin!.end();
      await once(child, 'exit');
    },
  };
}

const require = createRequire(import.meta.url);
const servers = await startProcess('servers-process.mts');
const targets = JSON.parse(servers.line) as Record<'sink' | 'echo' | 'http', string>;
const proxy = await startProcess('proxy-process.mts');
const api = new ChaosClient(proxy.line);
const proxied = {} as Record<'sink' | 'echo' | 'http', string>;
for (const [name, upstream] of Object.entries(targets) as Array<['sink' | 'echo' | 'http', string]>) {
  proxied[name] = (await api.createProxy({ name, upstream, listen: '127.0.0.1:0' })).listen;
}

async function throughput(address: string): Promise<number> {
  const socket = await open(address);
  const block = Buffer.alloc(64 * 1024, 1);
  const total = MB * 1024 * 1024;
  const started = performance.now();
  for (let sent = 0; sent < total; sent += block.length) {
    if (!socket.write(block)) await once(socket, 'drain');
  }
  socket.end();
  const [answer] = (await once(socket, 'data')) as [Buffer];
  const elapsed = performance.now() - started;
  if (Number(answer.toString()) !== total) throw new Error(`sink counted ${answer} bytes, sent ${total}`);
  socket.destroy();
  return MB / (elapsed / 1000);
}

async function roundTrips(address: string): Promise<number[]> {
  const socket = await open(address);
  const payload = Buffer.alloc(64, 2);
  const samples: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const started = performance.now();
    socket.write(payload);
    let received = 0;
    while (received < payload.length) {
      const [data] = (await once(socket, 'data')) as [Buffer];
      received += data.length;
    }
    samples.push((performance.now() - started) * 1000);
  }
  socket.destroy();
  return samples;
}

async function httpLoad(address: string) {
  const result = await autocannon({ url: `http://${address}/`, connections: 64, duration: SECONDS, pipelining: 1 });
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const rows = {
  throughput: { direct: [] as number[], proxy: [] as number[] },
  p50: { direct: [] as number[], proxy: [] as number[] },
  p99: { direct: [] as number[], proxy: [] as number[] },
  rps: { direct: [] as number[], proxy: [] as number[] },
  httpP99: { direct: [] as number[], proxy: [] as number[] },
};
for (let round = 1; round <= ROUNDS; round++) {
  for (const [label, addresses] of [
    ['direct', targets],
    ['proxy', proxied],
  ] as const) {
    const mbps = await throughput(addresses.sink);
    const pings = await roundTrips(addresses.echo);
    const load = await httpLoad(addresses.http);
    rows.throughput[label].push(mbps);
    rows.p50[label].push(quantile(pings, 0.5));
    rows.p99[label].push(quantile(pings, 0.99));
    rows.rps[label].push(load.rps);
    rows.httpP99[label].push(load.p99);
    console.error(
      `round ${round} ${label}: ${mbps.toFixed(0)} MB/s, echo p50 ${quantile(pings, 0.5).toFixed(0)} µs / p99 ` +
        `${quantile(pings, 0.99).toFixed(0)} µs, http ${load.rps.toFixed(0)} req/s p99 ${load.p99} ms`,
    );
  }
}

const line = (task: string, key: keyof typeof rows, unit: string, digits = 0) => {
  const direct = median(rows[key].direct);
  const proxy = median(rows[key].proxy);
  return `| ${task} | ${direct.toFixed(digits)} ${unit} | ${proxy.toFixed(digits)} ${unit} | ${(proxy / direct).toFixed(2)}× |`;
};
console.log(`\n${MB} MB one way, ${PINGS} echoes, HTTP 64 connections × ${SECONDS} s; medians of ${ROUNDS} rounds\n`);
console.log('| task | direct | through the proxy | ratio |');
console.log('|---|---|---|---|');
console.log(line('throughput, one way', 'throughput', 'MB/s'));
console.log(line('64-byte echo, p50', 'p50', 'µs'));
console.log(line('64-byte echo, p99', 'p99', 'µs'));
console.log(line('HTTP, bare node:http', 'rps', 'req/s'));
console.log(line('HTTP p99', 'httpP99', 'ms'));

await proxy.stop();
await servers.stop();
