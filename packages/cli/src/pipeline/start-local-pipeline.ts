import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyContractsDirectory } from '../apply-contracts-directory';

export interface LocalPipelineOptions {
  /** A Kafka cluster to use; none → the embedded broker (librdkafka's mock cluster, built on first use). */
  brokers?: string[];
  /** A registry holding the contracts; none → a private one, on a scratch database, with `contractsDir` applied. */
  registry?: { url: string; credentials?: { keyId: string; secret: string } };
  contractsDir: string;
  /** Where the pipeline sends its lineage; none → no lineage. */
  lineageUrl?: string;
  progress(line: string): void;
}

export interface LocalPipeline {
  pipelineUrl: string;
  brokers: string[];
  registryUrl: string;
  registryCredentials: { keyId: string; secret: string } | undefined;
  /** What was started here (for the report's first line). */
  described: string;
  close(): Promise<void>;
}

/** The pipeline's topics, created on the embedded broker (it does not take CreateTopics). */
const TOPICS = [
  { name: 'orders', partitions: 3 },
  { name: 'orders.dlq', partitions: 1 },
  { name: 'user-events', partitions: 3 },
  { name: 'user-events.dlq', partitions: 1 },
];
const START_TIMEOUT_MS = 60_000;

/** Something the local run needs cannot be had here; the message says what to do instead. */
export class LocalPipelineError extends Error {
  override readonly name = 'LocalPipelineError';
}

/**
 * What `charter pipeline run` starts when no pipeline is named: Kafka (the given cluster, or the embedded broker), a
 * registry (the given one, or a private one with contracts/ applied), and the pipeline itself on a scratch embedded
 * database — the services as child processes from this repository's builds, everything on loopback and removed by
 * `close`. On a shared cluster its consumer groups start at the topics' current ends, so only this run is counted.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const root = findWorkspaceRoot();
  const pipelineMain = join(root, 'apps', 'pipeline', 'dist', 'main.js');
  const registryMain = join(root, 'apps', 'registry', 'dist', 'main.js');
  for (const main of [pipelineMain, registryMain]) {
    if (!existsSync(main)) {
      throw new LocalPipelineError(
        `${main} is not built: run \`pnpm charter pipeline run\` (it builds what it needs), or pass --pipeline-url`,
      );
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), 'charter-pipeline-run-'));
  const cleanups: Array<() => Promise<void>> = [() => rm(scratch, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const runId = randomBytes(4).toString('hex');
    const groupPrefix = `charter-pipeline-run-${runId}`;
    const kafka = options.brokers
      ? { brokers: options.brokers, embedded: false }
      : { ...(await startEmbeddedKafka(options.progress, cleanups)), embedded: true };
    if (!kafka.embedded) await startGroupsAtEnd(kafka.brokers, groupPrefix);

    // The registry and the pipeline start side by side (each opens an embedded database, seconds apiece): the
    // pipeline asks the registry nothing until records arrive, so it only needs to know where it will be.
    let registry = options.registry;
    let privateRegistry: Promise<unknown> | undefined;
    if (!registry) {
      options.progress('starting a private registry on a scratch database, then applying contracts/');
      const credentials = {
        keyId: `ck_${randomBytes(10).toString('hex')}`,
        secret: `cs_${randomBytes(32).toString('base64url')}`,
      };
      const port = await findFreePort();
      registry = { url: `http://127.0.0.1:${port}`, credentials };
      const contractsDir = options.contractsDir;
      privateRegistry = startService('registry', ['--max-old-space-size=256', registryMain], {
        PORT: String(port),
        HOST: '127.0.0.1',
        CHARTER_DATA_DIR: join(scratch, 'registry'),
        CHARTER_ADMIN_KEY: `${credentials.keyId}:${credentials.secret}`,
        CHARTER_MEMORY_BUDGET_MB: '512',
        CHARTER_SCHEMA_WORKERS: '0',
      }).then(async (service) => {
        cleanups.push(service.stop);
        const applied = await applyContractsDirectory({
          root: contractsDir,
          registryUrl: service.url,
          headers: {
            authorization: `Basic ${Buffer.from(`${credentials.keyId}:${credentials.secret}`).toString('base64')}`,
          },
        });
        if (!applied.ok) {
          throw new LocalPipelineError(`${contractsDir} could not be applied: run \`charter apply\` to see why`);
        }
      });
    }

    options.progress('starting the pipeline on a scratch embedded database');
    const starting = startService('pipeline', [pipelineMain], {
      CHARTER_PIPELINE_PORT: '0',
      CHARTER_PIPELINE_HOST: '127.0.0.1',
      CHARTER_DATA_DIR: join(scratch, 'pipeline'),
      KAFKA_BROKERS: kafka.brokers.join(','),
      // The embedded broker has no idempotent producer for kafkajs (ADR 0003); a real cluster does.
      CHARTER_KAFKA_IDEMPOTENT: kafka.embedded ? 'off' : 'on',
      CHARTER_REGISTRY_URL: registry.url,
      ...(registry.credentials
        ? { CHARTER_API_KEY: `${registry.credentials.keyId}:${registry.credentials.secret}` }
        : {}),
      CHARTER_PIPELINE_GROUP_ID: groupPrefix,
      ...(options.lineageUrl ? { CHARTER_LINEAGE_URL: options.lineageUrl } : {}),
    }).then((service) => {
      cleanups.push(service.stop);
      return service;
    });
    const [pipeline] = await Promise.all([starting, privateRegistry]);
    return {
      pipelineUrl: pipeline.url,
      brokers: kafka.brokers,
      registryUrl: registry.url,
      registryCredentials: registry.credentials,
      described: `a local pipeline (${options.registry ? `registry ${registry.url}` : 'a private registry'}, ${kafka.embedded ? 'the embedded Kafka broker' : `Kafka at ${kafka.brokers.join(',')}`}, a scratch database${options.lineageUrl ? `, lineage to ${options.lineageUrl}` : ''})`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startEmbeddedKafka(progress: (line: string) => void, cleanups: Array<() => Promise<void>>) {
  progress('starting the embedded Kafka broker (librdkafka’s mock cluster)');
  // Loaded when used: the test broker's builder is only for this command's local run.
  const { startTestKafka } = await import('@charter/testkit');
  try {
    const broker = await startTestKafka({ topics: TOPICS });
    cleanups.push(() => broker.stop());
    return { brokers: broker.brokers };
  } catch (error) {
    throw new LocalPipelineError(
      `no Kafka: ${(error as Error).message}. Set KAFKA_BROKERS (or --brokers) to a Kafka cluster, e.g. \`docker compose up -d kafka\` and KAFKA_BROKERS=localhost:9092`,
    );
  }
}

/** Commits the run's consumer groups at each topic's current end, so records older than the run are not read. */
async function startGroupsAtEnd(brokers: string[], groupPrefix: string): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'charter-cli', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of ['orders', 'user-events'].filter((name) => existing.has(name))) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: `${groupPrefix}.${topic}`,
        topic,
        partitions: offsets.map((entry) => ({ partition: entry.partition, offset: entry.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A Charter service as a child process from its build, told to listen on a free loopback port: resolves with its URL
 * once its `<name>.started` log line names the port. Its output is kept (the last lines say why it stopped).
 */
async function startService(name: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', CHARTER_ACCESS_LOG: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lastLines: string[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new LocalPipelineError(
          `the ${name} ${why}; its last lines:\n${lastLines.map((line) => `  | ${line}`).join('\n')}`,
        ),
      );
    };
    let pending = '';
    const read = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        const entry = parseLine(line);
        if (!settled && entry?.event === `${name}.started` && typeof entry.address?.port === 'number') {
          settled = true;
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${entry.address.port}`);
        }
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before it listened`));
  });
  return {
    url,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

function parseLine(line: string): { event?: string; address?: { port?: unknown } } | undefined {
  try {
    return JSON.parse(line) as { event?: string; address?: { port?: unknown } };
  } catch {
    return undefined;
  }
}

/** A port nothing listens on now (the registry is told it before it starts, so the pipeline can start beside it). */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The Charter repository this CLI was built in (where `pnpm-workspace.yaml` is). */
function findWorkspaceRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'apps'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new LocalPipelineError(
        'without --pipeline-url, charter pipeline run starts the pipeline from the Charter repository, which this charter is not in: pass --pipeline-url (and --brokers, --registry)',
      );
    }
    dir = parent;
  }
}
