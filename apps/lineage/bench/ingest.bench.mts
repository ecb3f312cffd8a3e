// pnpm bench:lineage:ingest — HTTP ingest rate of POST /api/v1/lineage (validate, store in Postgres, apply to the
// graph, one event at a time), side by side with a bare node:http server that only parses the same bodies.
// Every request is a distinct dbt-style COMPLETE event (a new run of one of 200 jobs, 20 columns of column lineage,
// about 6 KB). Authentication is off here (CHARTER_AUTH=off): with it on, a key is checked once and then cached.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// BENCH_LINEAGE_MAIN names another build (e.g. an older commit's, to compare side by side).
const MAIN = process.env.BENCH_LINEAGE_MAIN ?? path.resolve(HERE, '..', 'dist', 'main.js');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const NS = 'snowflake://bench.example';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let sequence = 0;
function nextEvent(): string {
  const job = sequence % 200;
  sequence++;
  const fields: Record<string, unknown> = {};
  for (let f = 0; f < 20; f++) {
    fields[`column_${f}`] = {
      inputFields: [
        {
          namespace: NS,
          name: `raw.table_${job}`,
          field: `column_${f}`,
          transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
        },
        {
          namespace: NS,
          name: `raw.table_${(job + 1) % 200}`,
          field: 'id',
          transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }],
        },
      ],
    };
  }
  return JSON.stringify({
    eventType: 'COMPLETE',
    eventTime: new Date(Date.UTC(2026, 0, 1) + sequence * 1000).toISOString(),
    producer: 'https://github.com/acme/bench',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: randomUUID() },
    job: { namespace: 'dbt://bench', name: `model_${job}` },
    inputs: [{ namespace: NS, name: `raw.table_${job}` }],
    outputs: [
      {
        namespace: NS,
        name: `analytics.model_${job}`,
        facets: {
          columnLineage: {
            _producer: 'https://github.com/acme/bench',
            _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
            fields,
          },
        },
      },
    ],
  });
}

async function run(url: string, seconds = SECONDS) {
  const result = await autocannon({
    url: `${url}/api/v1/lineage`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, headers: { 'content-type': 'application/json' }, body: nextEvent() }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function waitReady(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const database = `charter_bench_lineage_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${database}`;
const port = await freePort();
// BENCH_PROFILE_DIR=/tmp/prof writes a CPU profile of the service there (to see where ingest spends its time).
const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
const child = spawn(process.execPath, [...profile, MAIN], {
  env: {
    ...process.env,
    CHARTER_LINEAGE_PORT: String(port),
    CHARTER_LINEAGE_DATABASE_URL: databaseUrl.toString(),
    CHARTER_AUTH: 'off',
    // BENCH_LOG_LEVEL=info measures the access log's cost (a line per ingested event with CHARTER_ACCESS_LOG=writes).
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const barePort = await freePort();
const bare = spawn(
  process.execPath,
  [
    '-e',
    `require('node:http').createServer((req, res) => { let body = ''; req.on('data', (c) => (body += c)); req.on('end', () => { JSON.parse(body); res.writeHead(201, { 'content-type': 'application/json' }); res.end('{"accepted":true}'); }); }).listen(${barePort}, '127.0.0.1');`,
  ],
  { stdio: 'inherit' },
);
try {
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Warm-up, not reported: the JIT and the graph's first few thousand columns.
  await run(url, 3);
  const rows: Array<[string, string]> = [];
  for (const round of [1, 2]) {
    const ours = await run(url);
    const baseline = await run(`http://127.0.0.1:${barePort}`).catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return run(`http://127.0.0.1:${barePort}`);
    });
    rows.push([
      `POST /api/v1/lineage, ${CONNECTIONS} connections, round ${round}`,
      `${Math.round(ours.rps)} events/s (p50 ${ours.p50} ms, p99 ${ours.p99} ms) vs bare node:http parse ${Math.round(baseline.rps)} req/s = ${(ours.rps / baseline.rps).toFixed(2)}×`,
    ]);
  }
  const stats = (await fetch(`${url}/stats`).then((r) => r.json())) as {
    events: number;
    columns: number;
    edges: number;
  };
  rows.push([
    'stored and applied',
    `${stats.events} events, ${stats.columns} columns, ${stats.edges} edges in the graph`,
  ]);
  console.log('| task | result |\n|---|---|');
  for (const [task, result] of rows) console.log(`| ${task} | ${result} |`);
} finally {
  child.kill('SIGTERM');
  bare.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}
