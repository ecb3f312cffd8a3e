// Runs the registry and the lineage service for `npm start` (scripts/start.sh builds them first), loads the sample
// contracts and lineage, then starts the sample pipeline when it can (KAFKA_BROKERS, or the embedded broker where it
// builds; otherwise the summary says how to give it Kafka), and prints a short summary of what runs where.
// - In a terminal the services log pretty lines at info, without a line per request; otherwise JSON as usual
//   (LOG_FORMAT, LOG_LEVEL and CHARTER_ACCESS_LOG override either way).
// - If a service exits, the others are stopped and this exits non-zero with the last lines the service wrote:
//   a configuration error shows in about a second, not after a readiness timeout.
// - Ctrl-C (or SIGTERM) stops them all gracefully.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const env = process.env;
const terminal = process.stdout.isTTY === true;
const registryPort = env.PORT ?? '8081';
const lineagePort = env.CHARTER_LINEAGE_PORT ?? '5000';
const pipelinePort = env.CHARTER_PIPELINE_PORT ?? '8090';
const webPort = env.CHARTER_WEB_PORT ?? '8080';
const webUrl = `http://localhost:${webPort}`;
const pipelineUrl = `http://localhost:${pipelinePort}`;
const registryUrl = `http://localhost:${registryPort}`;
const lineageUrl = `http://localhost:${lineagePort}`;
const dataDir = env.CHARTER_DATA_DIR ?? '.charter';
const keyFile = env.CHARTER_ADMIN_KEY_FILE ?? `${dataDir}/admin.key`;
const READY_TIMEOUT_MS = 120_000;
const KEPT_LINES = 25;

const say = (text) => process.stderr.write(`[charter] ${text}\n`);

const shared = {
  ...env,
  LOG_FORMAT: env.LOG_FORMAT ?? (terminal ? 'pretty' : 'json'),
  ...(terminal && env.FORCE_COLOR === undefined ? { FORCE_COLOR: '1' } : {}),
};
// The registry keeps its caches within CHARTER_MEMORY_BUDGET_MB (default 1024); V8's heap gets half of it.
const heapMb = Math.floor(Number(env.CHARTER_MEMORY_BUDGET_MB ?? 1024) / 2);
const services = [
  start('registry', [`--max-old-space-size=${heapMb}`, 'apps/registry/dist/main.js'], {
    ...shared,
    PORT: registryPort,
    CHARTER_LINEAGE_URL: env.CHARTER_LINEAGE_URL ?? lineageUrl,
  }),
  start('lineage', ['apps/lineage/dist/main.js'], {
    ...shared,
    CHARTER_LINEAGE_PORT: lineagePort,
    CHARTER_REGISTRY_URL: env.CHARTER_REGISTRY_URL ?? registryUrl,
  }),
  // The web console: the built SPA, with the registry and lineage proxied under its own origin.
  start('web', ['apps/web/dist/server/main.js'], {
    ...shared,
    CHARTER_WEB_PORT: webPort,
    CHARTER_REGISTRY_URL: env.CHARTER_REGISTRY_URL ?? registryUrl,
    CHARTER_LINEAGE_URL: env.CHARTER_LINEAGE_URL ?? lineageUrl,
  }),
];

/** The embedded Kafka broker, when this started one (a child that exits with this process's end of its stdin). */
let embeddedKafka;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('stopping the services');
    stopAll().then(() => process.exit(0));
  });
}
// Whatever ends this process takes the services with it.
process.on('exit', () => {
  for (const service of services) if (service.running) service.child.kill('SIGKILL');
});

/** A service as a child process whose output is passed through and whose last lines are kept. */
function start(name, args, childEnv) {
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const service = { name, child, running: true, lastLines: [], exited: undefined };
  const keep = (chunk, stream) => {
    stream.write(chunk);
    for (const line of String(chunk).split('\n')) {
      if (line.trim() === '') continue;
      service.lastLines.push(line);
      if (service.lastLines.length > KEPT_LINES) service.lastLines.shift();
    }
  };
  child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
  child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
  service.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      service.running = false;
      resolve({ code, signal });
      if (!stopping) onUnexpectedExit(service, code, signal);
    });
  });
  return service;
}

function onUnexpectedExit(service, code, signal) {
  stopping = true;
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const hint = code === 78 ? ' (a configuration error: see the variables named above)' : '';
  say(`the ${service.name} service ${how}${hint}; stopping the others`);
  say(`last lines from the ${service.name} service:`);
  for (const line of service.lastLines) process.stderr.write(`  | ${line}\n`);
  stopAll().then(() => process.exit(typeof code === 'number' && code !== 0 ? code : 1));
}

async function stopAll() {
  for (const service of services) if (service.running) service.child.kill('SIGTERM');
  await Promise.all(services.map((service) => service.exited));
  await embeddedKafka?.stop();
}

async function waitReady(url) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      const response = await fetch(`${url}/ready`);
      await response.arrayBuffer();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return false;
}

/** Runs the CLI quietly; its report is shown only when something went wrong. */
function cli(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['packages/cli/dist/main.js', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}

function keyArgs() {
  if ((env.CHARTER_AUTH ?? 'on') === 'off') return [];
  if (env.CHARTER_ADMIN_KEY) return ['--key', env.CHARTER_ADMIN_KEY];
  return existsSync(keyFile) ? ['--key-file', keyFile] : undefined;
}

async function loadSamples(key) {
  const applied = await cli(['apply', 'contracts', '--registry', registryUrl, '--json', ...key]);
  let summary;
  try {
    const report = JSON.parse(applied.output);
    const versions = report.subjects.flatMap((subject) => subject.versions);
    const registered = versions.filter((version) => version.outcome === 'registered').length;
    summary = `${report.contracts.length} contracts, ${versions.length} schema versions (${registered} new)`;
  } catch {
    summary = undefined;
  }
  if (!applied.ok || summary === undefined) {
    process.stderr.write(applied.output);
    say('contracts/ was not fully applied (see above)');
  }
  const pushed = await cli(['lineage-push', 'contracts/lineage/sample-flow.json', '--lineage', lineageUrl, ...key]);
  if (!pushed.ok) {
    process.stderr.write(pushed.output);
    say('the sample lineage was not fully loaded (see above)');
  }
  return { contracts: applied.ok ? summary : undefined, lineage: pushed.ok ? pushed.output.trim() : undefined };
}

async function mustBeReady(service, url) {
  if (await waitReady(url)) return;
  if (stopping) await new Promise(() => undefined); // the exit handler reports and exits
  say(`the ${service.name} service did not become ready within ${READY_TIMEOUT_MS / 1000} s; stopping`);
  stopping = true;
  await stopAll();
  process.exit(1);
}

/** The pipeline's topics, made on the embedded broker (it does not take CreateTopics). */
const PIPELINE_TOPICS = [
  { name: 'orders', partitions: 3 },
  { name: 'orders.dlq', partitions: 1 },
  { name: 'user-events', partitions: 3 },
  { name: 'user-events.dlq', partitions: 1 },
];

/**
 * Kafka for the pipeline: KAFKA_BROKERS, or the embedded broker (@charter/testkit's librdkafka mock cluster, built
 * with the C compiler on first use). Undefined, with the reason, when there is neither.
 */
async function pipelineKafka() {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, described: `Kafka at ${env.KAFKA_BROKERS}` };
  try {
    const { startTestKafka } = createRequire(import.meta.url)('../packages/testkit/dist/index.js');
    embeddedKafka = await startTestKafka({ topics: PIPELINE_TOPICS });
    return { brokers: embeddedKafka.brokers.join(','), embedded: true, described: 'the embedded Kafka broker' };
  } catch (error) {
    const why = error.code === 'MOCK_KAFKA_UNAVAILABLE' ? 'cannot be built here' : 'did not start';
    return { off: `no KAFKA_BROKERS, and the embedded broker ${why}`, error };
  }
}

function pipelineKeyEnv() {
  if ((env.CHARTER_AUTH ?? 'on') === 'off') return {};
  return env.CHARTER_ADMIN_KEY ? { CHARTER_API_KEY: env.CHARTER_ADMIN_KEY } : { CHARTER_API_KEY_FILE: keyFile };
}

for (const [service, url] of [
  [services[0], registryUrl],
  [services[1], lineageUrl],
  [services[2], webUrl],
]) {
  await mustBeReady(service, url);
}

const key = keyArgs();
const loaded = key === undefined ? undefined : await loadSamples(key);

// The sample pipeline, once the registry holds the contracts its records are held to, with the key it wrote.
let pipeline;
if (key === undefined) pipeline = { off: 'it needs the admin key: set CHARTER_ADMIN_KEY' };
else {
  const kafka = await pipelineKafka();
  if (kafka.off) {
    say(`the sample pipeline is off: ${kafka.error.message}`);
    pipeline = { off: kafka.off };
  } else {
    services.push(
      start('pipeline', ['apps/pipeline/dist/main.js'], {
        ...shared,
        ...pipelineKeyEnv(),
        CHARTER_PIPELINE_PORT: pipelinePort,
        KAFKA_BROKERS: kafka.brokers,
        // The embedded broker has no idempotent producer for kafkajs (ADR 0003).
        ...(kafka.embedded ? { CHARTER_KAFKA_IDEMPOTENT: 'off' } : {}),
        CHARTER_REGISTRY_URL: env.CHARTER_REGISTRY_URL ?? registryUrl,
        CHARTER_LINEAGE_URL: env.CHARTER_LINEAGE_URL ?? lineageUrl,
      }),
    );
    await mustBeReady(services.at(-1), pipelineUrl);
    pipeline = { kafka: kafka.described };
  }
}

const authOff = (env.CHARTER_AUTH ?? 'on') === 'off';
const curlAuth = authOff ? '' : env.CHARTER_ADMIN_KEY ? '-u "$CHARTER_ADMIN_KEY" ' : `-u "$(cat ${keyFile})" `;
const lines = [
  '',
  'Charter is running.',
  `  console    ${webUrl}   sign in with ${authOff ? 'any key (auth is off)' : env.CHARTER_ADMIN_KEY ? 'CHARTER_ADMIN_KEY' : `the key in ${keyFile}`}`,
  `  registry   ${registryUrl}   API docs ${registryUrl}/docs · metrics /metrics`,
  `  lineage    ${lineageUrl}   OpenLineage POST /api/v1/lineage · impact POST /impact · breaches GET /api/v1/breaches`,
  pipeline.off
    ? `  pipeline   off: ${pipeline.off} (set KAFKA_BROKERS=host:port, or install librdkafka-dev and a C compiler)`
    : `  pipeline   ${pipelineUrl}   POST /orders · /user-events → ${pipeline.kafka} → staging tables`,
  `  database   ${env.DATABASE_URL ? 'PostgreSQL at DATABASE_URL' : `embedded PostgreSQL in ${dataDir}/ (set DATABASE_URL for a server)`}`,
  `  cache      ${env.REDIS_URL ? 'Redis at REDIS_URL' : 'in-process (set REDIS_URL to share it between replicas)'}`,
  authOff
    ? '  auth       OFF (CHARTER_AUTH=off): local development only'
    : key === undefined
      ? `  admin key  none at ${keyFile} (an admin key already existed): set CHARTER_ADMIN_KEY`
      : `  admin key  ${env.CHARTER_ADMIN_KEY ? 'CHARTER_ADMIN_KEY' : keyFile} (keyId:secret)`,
  ...(loaded?.contracts ? [`  samples    contracts/: ${loaded.contracts}; ${loaded.lineage ?? 'no lineage'}`] : []),
  '',
  'Try:',
  `  curl ${curlAuth}${registryUrl}/subjects`,
  `  curl ${curlAuth}${registryUrl}/contracts/orders`,
  `  curl ${curlAuth}-H 'content-type: application/json' -d '{"changes":[{"namespace":"kafka://kafka.charter.local:9092","name":"orders","field":"amount_cents","change":"field-removed"}]}' ${lineageUrl}/impact`,
  ...(pipeline.off
    ? []
    : [`  pnpm charter pipeline run --pipeline-url ${pipelineUrl}${authOff ? '' : ` --key-file ${keyFile}`}`]),
  '  pnpm charter --help',
  '',
  'Ctrl-C stops them all.',
  '',
];
// On stdout in a terminal; otherwise on stderr, so that stdout stays one JSON object per line.
(terminal ? process.stdout : process.stderr).write(lines.join('\n'));
