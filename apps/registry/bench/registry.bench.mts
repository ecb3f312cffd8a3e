// pnpm bench:registry — the registry measured side by side with a bare node:http server, in one run.
//   1. GET /schemas/ids/{id} vs node:http answering the same bytes (goal: >= 0.5x its throughput, p99 <= 5 ms, 64 conns)
//   2. registering new versions under BACKWARD_TRANSITIVE, 20 versions per subject, at 8/16/32 connections
//      (goal: >= 500/s with p99 <= 50 ms)
//   3. cold start with 10 000 schemas, spawn to /ready (goal: <= 5 s), on PostgreSQL and on embedded PGlite
//   4. failed authentication: an unknown key id vs a wrong secret (goal: the same latency, ratio ~1.0x)
//   5. /health while 40 000- and 10 000-field compatibility checks run (goal: p99 <= 100 ms), with and without workers
//   6. memory: 1 000 schemas of ~1 MB registered and read back (goal: resident memory under CHARTER_MEMORY_BUDGET_MB)
// Needs PostgreSQL and Redis (DATABASE_URL / REDIS_URL, default the local ones) and a built registry (dist/).
// BENCH_ONLY picks parts (reads, registrations, cold-start, failed-auth); BENCH_REGISTRY_MAIN names another build.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = process.env.BENCH_REGISTRY_MAIN ?? path.resolve(here, '..', 'dist', 'main.js');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;

const results: Array<{ task: string; value: string }> = [];
const record = (task: string, value: string) => {
  results.push({ task, value });
  console.error(`${task}: ${value}`);
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every request authenticates, as in production: one admin key made at start (CHARTER_ADMIN_KEY), sent as Basic. */
const ADMIN_KEY = `ck_${randomBytes(10).toString('hex')}:cs_${randomBytes(32).toString('base64url')}`;
const AUTH = { authorization: `Basic ${Buffer.from(ADMIN_KEY).toString('base64')}` };

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `charter_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

interface Running {
  url: string;
  child: ChildProcess;
  readyMs: number;
  stop(): Promise<void>;
}

async function startRegistry(env: Record<string, string>, nodeFlags: string[] = []): Promise<Running> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, MAIN], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', CHARTER_ADMIN_KEY: ADMIN_KEY, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    child,
    readyMs,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function startBare(
  body: string,
  contentType: string,
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const source = `require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': ${JSON.stringify(contentType)} }); res.end(${JSON.stringify(body)}); }).listen(${port}, '127.0.0.1', () => console.log('up'));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function load(url: string, seconds: number, connections = CONNECTIONS) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, headers: AUTH });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const register = (url: string, subject: string, schema: unknown) =>
  fetch(`${url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...AUTH },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  }).then((response) => response.json() as Promise<{ id: number }>);

/** Version k of an event record: k optional fields, so every version is BACKWARD_TRANSITIVE-compatible with the others. */
const eventVersion = (k: number) => ({
  type: 'record',
  name: 'Event',
  namespace: 'bench',
  fields: [
    { name: 'id', type: 'string' },
    ...Array.from({ length: k }, (_, i) => ({ name: `f${i}`, type: ['null', 'long'], default: null })),
  ],
});

async function benchReads(): Promise<void> {
  const database = await createDatabase();
  const redisPrefix = `bench:${randomBytes(4).toString('hex')}:`;
  const env = { DATABASE_URL: database.url, REDIS_URL, CHARTER_REDIS_PREFIX: redisPrefix };
  const registry = await startRegistry(env);
  const logged = await startRegistry({ ...env, CHARTER_ACCESS_LOG: 'all' });
  try {
    const { id } = await register(registry.url, 'orders-value', eventVersion(3));
    const probe = await fetch(`${registry.url}/schemas/ids/${id}`, { headers: AUTH });
    const body = await probe.text();
    const bare = await startBare(body, probe.headers.get('content-type')!);
    try {
      const target = `${registry.url}/schemas/ids/${id}`;
      const loggedTarget = `${logged.url}/schemas/ids/${id}`;
      await load(bare.url, 3);
      await load(target, 3);
      await load(loggedTarget, 3);
      const rounds: Array<{ bare: Awaited<ReturnType<typeof load>>; ours: Awaited<ReturnType<typeof load>> }> = [];
      for (let round = 0; round < 2; round++) {
        const bareRun = await load(bare.url, SECONDS);
        const ours = await load(target, SECONDS);
        rounds.push({ bare: bareRun, ours });
        record(
          `GET /schemas/ids/{id} round ${round + 1}`,
          `${ours.rps.toFixed(0)} req/s (p50 ${ours.p50} ms, p99 ${ours.p99} ms) vs node:http ${bareRun.rps.toFixed(0)} req/s (p99 ${bareRun.p99} ms) = ${(ours.rps / bareRun.rps).toFixed(2)}x`,
        );
      }
      const ratio = rounds.reduce((sum, r) => sum + r.ours.rps, 0) / rounds.reduce((sum, r) => sum + r.bare.rps, 0);
      record('GET /schemas/ids/{id} / node:http (both rounds)', `${ratio.toFixed(2)}x`);
      const all = await load(loggedTarget, SECONDS);
      const bareAgain = await load(bare.url, SECONDS);
      record(
        'GET /schemas/ids/{id} with CHARTER_ACCESS_LOG=all (a JSON line per request, to /dev/null)',
        `${all.rps.toFixed(0)} req/s (p99 ${all.p99} ms) vs node:http ${bareAgain.rps.toFixed(0)} = ${(all.rps / bareAgain.rps).toFixed(2)}x`,
      );
    } finally {
      await bare.stop();
    }
  } finally {
    await logged.stop();
    await registry.stop();
    await database.drop();
  }
}

async function benchRegistrations(): Promise<void> {
  const database = await createDatabase();
  const registry = await startRegistry({
    DATABASE_URL: database.url,
    REDIS_URL,
    CHARTER_REDIS_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    CHARTER_DEFAULT_COMPATIBILITY: 'BACKWARD_TRANSITIVE',
  });
  try {
    const subjects = 500;
    const versions = 20;
    // Each concurrency level registers 20 versions into its own 500 fresh subjects: every version k+1 adds an
    // optional field, so each registration is checked against all k earlier versions (BACKWARD_TRANSITIVE).
    for (const connections of [8, 16, 32]) {
      let next = 0;
      const bodies = Array.from({ length: subjects * versions }, (_, i) => ({
        subject: `c${connections}-${i % subjects}-value`,
        body: JSON.stringify({ schema: JSON.stringify(eventVersion(Math.floor(i / subjects))) }),
      }));
      const result = await autocannon({
        url: registry.url,
        connections,
        amount: bodies.length,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...AUTH },
            setupRequest: (request) => {
              const item = bodies[next++ % bodies.length]!;
              return { ...request, path: `/subjects/${item.subject}/versions`, body: item.body };
            },
          },
        ],
      });
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`registrations: ${result.non2xx} non-2xx, ${result.errors} errors`);
      }
      const counted = (await fetch(`${registry.url}/subjects/c${connections}-0-value/versions`, { headers: AUTH }).then(
        (r) => r.json(),
      )) as number[];
      if (counted.length !== versions) throw new Error(`expected ${versions} versions, found ${counted.length}`);
      record(
        `register: ${subjects} subjects x ${versions} versions, BACKWARD_TRANSITIVE, ${connections} connections`,
        `${(bodies.length / result.duration).toFixed(0)} registrations/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`,
      );
    }
  } finally {
    await registry.stop();
    await database.drop();
  }
}

const SEED_SQL = `
  INSERT INTO schemas (id, fingerprint, schema_type, schema)
  SELECT n, lpad(to_hex(n), 64, '0'), 'AVRO',
         '{"type":"record","name":"Seed","fields":[{"name":"f' || n || '","type":"long"}]}'
  FROM generate_series(1, 10000) AS n;
  INSERT INTO subject_versions (subject, version, schema_id)
  SELECT 'seed-' || ((n - 1) / 10) || '-value', ((n - 1) % 10) + 1, n FROM generate_series(1, 10000) AS n;
  SELECT setval(pg_get_serial_sequence('schemas', 'id'), 10000);`;

async function benchColdStart(): Promise<void> {
  const database = await createDatabase();
  try {
    const first = await startRegistry({ DATABASE_URL: database.url });
    await first.stop();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(SEED_SQL);
    await client.end();
    const cold = await startRegistry({
      DATABASE_URL: database.url,
      REDIS_URL,
      CHARTER_REDIS_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    });
    const check = await fetch(`${cold.url}/subjects/seed-999-value/versions/10`, { headers: AUTH }).then((r) =>
      r.json(),
    );
    await cold.stop();
    if ((check as { id?: number }).id !== 10000) throw new Error('seeded schemas not served');
    record('cold start, PostgreSQL with 10 000 schemas: spawn to /ready', `${cold.readyMs.toFixed(0)} ms`);
  } finally {
    await database.drop();
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'charter-bench-'));
  try {
    const first = await startRegistry({ CHARTER_DATA_DIR: dataDir, DATABASE_URL: '' });
    await first.stop();
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({ dataDir: path.join(dataDir, 'registry-db') });
    await pglite.exec(SEED_SQL);
    await pglite.close();
    const cold = await startRegistry({ CHARTER_DATA_DIR: dataDir, DATABASE_URL: '' });
    const check = await fetch(`${cold.url}/subjects/seed-999-value/versions/10`, { headers: AUTH }).then((r) =>
      r.json(),
    );
    await cold.stop();
    if ((check as { id?: number }).id !== 10000) throw new Error('seeded schemas not served (embedded)');
    record('cold start, embedded PGlite with 10 000 schemas: spawn to /ready', `${cold.readyMs.toFixed(0)} ms`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Failed authentications must not tell which key ids exist: an unknown key id and a wrong secret for a known one,
 * alternated one request at a time (throttling raised out of the way), compared by median and p90 latency.
 */
async function benchFailedAuth(): Promise<void> {
  const database = await createDatabase();
  const registry = await startRegistry({
    DATABASE_URL: database.url,
    CHARTER_AUTH_FAILURES_PER_KEY: '1000000000',
    CHARTER_AUTH_FAILURES_PER_ADDRESS: '1000000000',
  });
  try {
    const knownId = ADMIN_KEY.slice(0, ADMIN_KEY.indexOf(':'));
    const unknownId = `ck_${'0'.repeat(20)}`;
    const wrong = `cs_${'W'.repeat(43)}`;
    const header = (id: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${wrong}`).toString('base64')}` });
    const times: Record<'unknown' | 'wrong', number[]> = { unknown: [], wrong: [] };
    for (let i = 0; i < 4_000; i++) {
      const kind = i % 2 === 0 ? 'unknown' : 'wrong';
      const started = performance.now();
      const response = await fetch(`${registry.url}/subjects`, {
        headers: header(kind === 'unknown' ? unknownId : knownId),
      });
      await response.arrayBuffer();
      if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`);
      if (i >= 1_000) times[kind].push(performance.now() - started);
    }
    const at = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * q)]!;
    const describe = (kind: 'unknown' | 'wrong') =>
      `median ${at(times[kind], 0.5).toFixed(3)} ms, p90 ${at(times[kind], 0.9).toFixed(3)} ms`;
    record(
      'failed authentication, unknown key id vs wrong secret (1 500 each, alternated)',
      `${describe('unknown')} vs ${describe('wrong')} = ${(at(times.unknown, 0.5) / at(times.wrong, 0.5)).toFixed(2)}x`,
    );
  } finally {
    await registry.stop();
    await database.drop();
  }
}

/** A record of `fields` fields (`extra` more with defaults), ~40 characters of schema text a field. */
const wideRecord = (fields: number, extra = 0) => ({
  type: 'record',
  name: 'Wide',
  fields: Array.from({ length: fields + extra }, (_, i) => ({
    name: `field_number_${i}`,
    type: 'long',
    ...(i >= fields ? { default: 0 } : {}),
  })),
});

/**
 * `/health` latency while heavy compatibility checks run beside it (2 at a time, back to back): a 40 000-field
 * record (over the 10 000-field limit: refused), then a 10 000-field candidate against 10 versions of as many fields
 * under BACKWARD_TRANSITIVE. Goal: /health p99 <= 100 ms. Once with the schema workers, once without
 * (CHARTER_SCHEMA_WORKERS=0), side by side.
 */
async function benchHealthUnderLoad(): Promise<void> {
  for (const workers of ['default', '0']) {
    const database = await createDatabase();
    const registry = await startRegistry({
      DATABASE_URL: database.url,
      CHARTER_DEFAULT_COMPATIBILITY: 'BACKWARD_TRANSITIVE',
      ...(workers === '0' ? { CHARTER_SCHEMA_WORKERS: '0' } : {}),
    });
    try {
      for (let version = 0; version < 10; version++)
        await register(registry.url, 'wide-value', wideRecord(10_000 - 10, version));
      const check = (schema: unknown) =>
        fetch(`${registry.url}/compatibility/subjects/wide-value/versions?verbose=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...AUTH },
          body: JSON.stringify({ schema: JSON.stringify(schema) }),
        }).then((response) => response.arrayBuffer().then(() => response.status));
      const health = () => load(`${registry.url}/health`, 8, 4);
      const idle = await health();
      const label = workers === '0' ? 'without schema workers' : 'with schema workers';
      for (const [name, schema, expected] of [
        ['40 000-field record (refused by the limit)', wideRecord(40_000), 422],
        ['10 000-field record vs 10 versions, BACKWARD_TRANSITIVE', wideRecord(10_000 - 10, 10), 200],
      ] as const) {
        let running = true;
        let checks = 0;
        const lanes = [0, 1].map(async () => {
          while (running) {
            const status = await check(schema);
            if (status !== expected) throw new Error(`${name}: expected ${expected}, got ${status}`);
            checks++;
          }
        });
        const busy = await health();
        running = false;
        await Promise.all(lanes);
        record(
          `GET /health while checking a ${name}, ${label}`,
          `p50 ${busy.p50} ms, p99 ${busy.p99} ms (idle: p99 ${idle.p99} ms); ${checks} checks done meanwhile`,
        );
      }
    } finally {
      await registry.stop();
      await database.drop();
    }
  }
}

/** Resident memory of a process (every thread), in MB. */
function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/**
 * The memory budget holds: 1 000 distinct Avro schemas of ~1 MB registered (NONE, ten subjects), then every one read
 * back and compared, with the registry started as `npm start` starts it (CHARTER_MEMORY_BUDGET_MB, default 1024,
 * and V8's heap at half of it). Resident memory is sampled every 10 requests. BENCH_MEMORY_SCHEMAS changes the count.
 */
async function benchMemory(): Promise<void> {
  const budgetMb = Number(process.env.CHARTER_MEMORY_BUDGET_MB ?? 1_024);
  const count = Number(process.env.BENCH_MEMORY_SCHEMAS ?? 1_000);
  const database = await createDatabase();
  const registry = await startRegistry(
    { DATABASE_URL: database.url, CHARTER_DEFAULT_COMPATIBILITY: 'NONE', CHARTER_MEMORY_BUDGET_MB: String(budgetMb) },
    [`--max-old-space-size=${Math.floor(budgetMb / 2)}`],
  );
  const schemaText = (i: number) =>
    JSON.stringify({
      type: 'record',
      name: `Big${i}`,
      fields: Array.from({ length: 9_000 }, (_, f) => ({
        name: `field_${f}_of_schema_${i}`,
        type: ['null', 'string'],
        default: null,
        doc: `what field ${f} of schema ${i} holds, said at some length`,
      })),
    });
  try {
    let peak = residentMb(registry.child.pid!);
    const started = performance.now();
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const { id } = await register(registry.url, `big-${i % 10}-value`, JSON.parse(schemaText(i)));
      ids.push(id);
      if (i % 10 === 9) peak = Math.max(peak, residentMb(registry.child.pid!));
    }
    const registeredMs = performance.now() - started;
    for (const [i, id] of ids.entries()) {
      const response = await fetch(`${registry.url}/schemas/ids/${id}`, { headers: AUTH });
      const body = (await response.json()) as { schema: string };
      if (body.schema !== schemaText(i)) throw new Error(`schema ${id} read back differs from what was registered`);
      if (i % 10 === 9) peak = Math.max(peak, residentMb(registry.child.pid!));
    }
    record(
      `memory: ${count} schemas of ${(schemaText(0).length / 1e6).toFixed(2)} MB registered and read back, budget ${budgetMb} MB`,
      `peak resident ${peak} MB (${((100 * peak) / budgetMb).toFixed(0)}% of the budget); every read equal; ${(registeredMs / count).toFixed(0)} ms a registration`,
    );
  } finally {
    await registry.stop();
    await database.drop();
  }
}

// BENCH_ONLY=reads,registrations,cold-start,failed-auth,health-under-load,memory runs a subset (all by default).
const only = new Set(
  (process.env.BENCH_ONLY ?? 'reads,registrations,cold-start,failed-auth,health-under-load,memory').split(','),
);
if (only.has('reads')) await benchReads();
if (only.has('registrations')) await benchRegistrations();
if (only.has('cold-start')) await benchColdStart();
if (only.has('failed-auth')) await benchFailedAuth();
if (only.has('health-under-load')) await benchHealthUnderLoad();
if (only.has('memory')) await benchMemory();
console.log(`\n| task | result |\n|---|---|\n${results.map((r) => `| ${r.task} | ${r.value} |`).join('\n')}`);
