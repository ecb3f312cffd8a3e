import { frameKafkaSample } from './frame-kafka-sample';
import {
  DEAD_LETTER_CLASSES,
  type ExpectedCounts,
  type PipelineSample,
  REJECTION_LAYERS,
  type RejectionLayer,
  type SampleFile,
} from './read-pipeline-samples';

/** What the pipeline says of itself (`GET /pipeline`). */
interface PipelineDescription {
  registry?: string;
  kafka: { brokers: string[] };
  streams: Array<{ id: string; route: string; topic: string; deadLetterTopic: string }>;
}

/** The pipeline's counts since it started (`GET /stats`). */
interface PipelineCounts {
  streams: Record<
    string,
    {
      topic: string;
      ingested: number;
      inserted: number;
      updated: number;
      duplicates: number;
      deadLettered: Record<string, number>;
    }
  >;
}

export interface RunPipelineSamplesOptions {
  /** The pipeline's base URL. */
  pipelineUrl: string;
  files: readonly SampleFile[];
  /** Where the samples meant for Kafka go; the brokers the pipeline names (`GET /pipeline`) unless said. */
  brokers?: string[];
  /** The registry the pipeline enforces (Kafka samples are framed with its ids); the one it names unless said. */
  registryUrl?: string;
  registryCredentials?: { keyId: string; secret: string };
  /** Records per `POST /<topic>/batch`; 100 unless said. */
  batchSize?: number;
  /** How long to wait for the sinks to account for every record produced; 60 s unless said. */
  timeoutMs?: number;
  /** Progress lines for a person (stderr). */
  progress?(line: string): void;
}

/** An HTTP answer the run did not expect (neither 202 nor a 422 for the record): the run fails with it. */
export interface SampleFailure {
  sample: string;
  status: number;
  message: string;
}

/** One topic's run: what was sent, refused at the edge, produced, stored and dead-lettered, against the expected. */
export interface StreamReport {
  topic: string;
  file: string;
  sent: number;
  rejected: Record<RejectionLayer, number>;
  /** Records on the topic: accepted by the edge, and written straight to Kafka. */
  produced: number;
  /** Records the sink took: new rows, newer states of stored rows, and rows already stored as they are. */
  stored: number;
  inserted: number;
  updated: number;
  duplicates: number;
  deadLettered: Record<string, number>;
  failed: number;
  expected: ExpectedCounts;
  expectedFrom: SampleFile['expectedFrom'];
  /** Each count that differs from the expected one, e.g. `dead-lettered handler-error: expected 4, got 3`. */
  differences: string[];
}

export interface PipelineRunReport {
  pipelineUrl: string;
  streams: StreamReport[];
  failures: SampleFailure[];
  /** Whether the sinks accounted for every record produced before the deadline. */
  settled: boolean;
  ok: boolean;
}

type Outcome =
  | { kind: 'accepted' }
  | { kind: 'rejected'; layer: RejectionLayer }
  | { kind: 'failed'; failure: SampleFailure };

/**
 * Pushes sample files through a running pipeline and accounts for every record: HTTP samples through its edge (one
 * by one, or in batches), Kafka samples straight to its topics, framed as each says; then waits until its sinks have
 * stored or dead-lettered as many records as reached each topic, and compares each count with the expected one.
 * Counts are the pipeline's own (`GET /stats`) before and after: other traffic at the same time would be counted too.
 */
export async function runPipelineSamples(options: RunPipelineSamplesOptions): Promise<PipelineRunReport> {
  const base = options.pipelineUrl.replace(/\/+$/, '');
  const say = options.progress ?? (() => undefined);
  const description = await getJson<PipelineDescription>(`${base}/pipeline`);
  const routes = new Map(description.streams.map((stream) => [stream.topic, stream]));
  for (const file of options.files) {
    if (!routes.has(file.topic)) throw new Error(`${file.path}: the pipeline has no topic ${file.topic}`);
  }
  const before = await getJson<PipelineCounts>(`${base}/stats`);
  const failures: SampleFailure[] = [];
  const tallies = new Map<string, { outcomes: Outcome[]; produced: number }>();

  for (const file of options.files) {
    const route = routes.get(file.topic)!.route;
    const outcomes: Outcome[] = [];
    const http = file.samples.filter((sample) => sample.via === 'http');
    const batched = file.samples.filter((sample) => sample.via === 'http-batch');
    say(`${file.topic}: ${http.length} record(s) one by one and ${batched.length} in batches to ${base}${route}`);
    outcomes.push(...(await inParallel(http, 8, (sample) => postOne(`${base}${route}`, sample))));
    const size = options.batchSize ?? 100;
    for (let start = 0; start < batched.length; start += size) {
      outcomes.push(...(await postBatch(`${base}${route}/batch`, batched.slice(start, start + size))));
    }
    for (const outcome of outcomes) if (outcome.kind === 'failed') failures.push(outcome.failure);
    const accepted = outcomes.filter((outcome) => outcome.kind === 'accepted').length;
    tallies.set(file.topic, { outcomes, produced: accepted });
  }

  const direct = options.files.flatMap((file) => file.samples.filter((sample) => sample.via === 'kafka'));
  if (direct.length > 0) {
    const brokers = options.brokers ?? description.kafka.brokers;
    const registryUrl = options.registryUrl ?? description.registry;
    if (!registryUrl) throw new Error('the Kafka samples need the registry the pipeline uses: pass --registry');
    say(`${direct.length} record(s) straight to Kafka at ${brokers.join(',')}, past the edge`);
    await writeToKafka(direct, {
      brokers,
      registryUrl,
      credentials: options.registryCredentials,
      topics: [...routes.keys()],
    });
    for (const sample of direct) tallies.get(sample.topic)!.produced++;
  }

  say('waiting for the sinks to store or dead-letter every record produced');
  const { counts: after, settled } = await waitForSinks(
    base,
    before,
    description,
    tallies,
    options.timeoutMs ?? 60_000,
  );
  const streams = options.files.map((file) => {
    const stream = description.streams.find((entry) => entry.topic === file.topic)!;
    const tally = tallies.get(file.topic)!;
    return streamReport(file, tally, delta(before, after, stream.id));
  });
  return {
    pipelineUrl: base,
    streams,
    failures,
    settled,
    ok: settled && failures.length === 0 && streams.every((stream) => stream.differences.length === 0),
  };
}

async function postOne(url: string, sample: PipelineSample): Promise<Outcome> {
  const { status, body } = await postJson(url, sample.value);
  if (status === 202) return { kind: 'accepted' };
  const refusal = body as { code?: string; violations?: Array<{ rule: string }> };
  if (status === 422 && refusal.code === 'contract-violation') {
    return { kind: 'rejected', layer: layerOf(refusal.violations ?? []) };
  }
  return { kind: 'failed', failure: failureOf(sample, status, body) };
}

async function postBatch(url: string, samples: PipelineSample[]): Promise<Outcome[]> {
  const { status, body } = await postJson(
    url,
    samples.map((sample) => sample.value),
  );
  if (status !== 202) return samples.map((sample) => ({ kind: 'failed', failure: failureOf(sample, status, body) }));
  const { results } = body as {
    results: Array<{ index: number; status: 'accepted' | 'rejected'; violations?: Array<{ rule: string }> }>;
  };
  return samples.map((_, index): Outcome => {
    const result = results[index];
    return result?.status === 'rejected'
      ? { kind: 'rejected', layer: layerOf(result.violations ?? []) }
      : { kind: 'accepted' };
  });
}

/** Which layer refused a record: violations come from one layer, the first that failed (schema, rules, contract). */
function layerOf(violations: ReadonlyArray<{ rule: string }>): RejectionLayer {
  const rule = violations[0]?.rule ?? '';
  if (rule === 'schema' || rule.startsWith('schema/')) return 'schema';
  if (rule.startsWith('contract/')) return 'contract';
  return 'rule';
}

function failureOf(sample: PipelineSample, status: number, body: unknown): SampleFailure {
  const message = (body as { message?: unknown })?.message;
  return { sample: sample.id, status, message: typeof message === 'string' ? message : JSON.stringify(body) };
}

async function writeToKafka(
  samples: PipelineSample[],
  target: { brokers: string[]; registryUrl: string; credentials?: { keyId: string; secret: string }; topics: string[] },
): Promise<void> {
  // Loaded when used: the Kafka client and the serdes are most of a second of every other command's start.
  const [{ RegistryClient, Serializer }, { Kafka, logLevel }] = await Promise.all([
    import('@charter/enforcement'),
    import('kafkajs'),
  ]);
  const client = new RegistryClient({ url: target.registryUrl, credentials: target.credentials, retries: 2 });
  const serializer = new Serializer({ client, validate: false });
  const byTopic = new Map<string, Array<{ key: string; value: Buffer; headers: Record<string, string> }>>();
  for (const sample of samples) {
    const other = target.topics.find((topic) => topic !== sample.topic) ?? sample.topic;
    const value = await frameKafkaSample(sample, serializer, other);
    const messages = byTopic.get(sample.topic) ?? [];
    messages.push({ key: sample.id, value, headers: { 'charter-sample': sample.id } });
    byTopic.set(sample.topic, messages);
  }
  const kafka = new Kafka({ clientId: 'charter-cli', brokers: target.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const [topic, messages] of byTopic) await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

async function waitForSinks(
  base: string,
  before: PipelineCounts,
  description: PipelineDescription,
  tallies: Map<string, { produced: number }>,
  timeoutMs: number,
): Promise<{ counts: PipelineCounts; settled: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await getJson<PipelineCounts>(`${base}/stats`);
    const settled = [...tallies].every(([topic, tally]) => {
      const stream = description.streams.find((entry) => entry.topic === topic)!;
      const change = delta(before, counts, stream.id);
      return change.handled >= tally.produced;
    });
    if (settled || Date.now() >= deadline) return { counts, settled };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What a stream's sink did between two snapshots. */
function delta(before: PipelineCounts, after: PipelineCounts, id: string) {
  const a = before.streams[id]!;
  const b = after.streams[id]!;
  const deadLettered: Record<string, number> = {};
  for (const [name, count] of Object.entries(b.deadLettered)) {
    const change = count - (a.deadLettered[name] ?? 0);
    if (change !== 0) deadLettered[name] = change;
  }
  const inserted = b.inserted - a.inserted;
  const updated = b.updated - a.updated;
  const duplicates = b.duplicates - a.duplicates;
  const lettered = Object.values(deadLettered).reduce((sum, count) => sum + count, 0);
  return { inserted, updated, duplicates, deadLettered, handled: inserted + updated + duplicates + lettered };
}

function streamReport(
  file: SampleFile,
  tally: { outcomes: Outcome[]; produced: number },
  change: ReturnType<typeof delta>,
): StreamReport {
  const rejected = Object.fromEntries(REJECTION_LAYERS.map((layer) => [layer, 0])) as Record<RejectionLayer, number>;
  for (const outcome of tally.outcomes) if (outcome.kind === 'rejected') rejected[outcome.layer]++;
  const report: StreamReport = {
    topic: file.topic,
    file: file.path,
    sent: file.samples.length,
    rejected,
    produced: tally.produced,
    stored: change.inserted + change.updated + change.duplicates,
    inserted: change.inserted,
    updated: change.updated,
    duplicates: change.duplicates,
    deadLettered: change.deadLettered,
    failed: tally.outcomes.filter((outcome) => outcome.kind === 'failed').length,
    expected: file.expected,
    expectedFrom: file.expectedFrom,
    differences: [],
  };
  const compare = (what: string, expected: number, got: number) => {
    if (expected !== got) report.differences.push(`${what}: expected ${expected}, got ${got}`);
  };
  for (const layer of REJECTION_LAYERS)
    compare(`rejected ${layer}`, file.expected.rejected[layer] ?? 0, rejected[layer]);
  compare('produced', file.expected.produced, report.produced);
  compare('stored', file.expected.stored, report.stored);
  const classes = new Set([
    ...DEAD_LETTER_CLASSES,
    ...Object.keys(file.expected.deadLettered),
    ...Object.keys(report.deadLettered),
  ]);
  for (const name of classes) {
    compare(`dead-lettered ${name}`, file.expected.deadLettered[name] ?? 0, report.deadLettered[name] ?? 0);
  }
  return report;
}

async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`cannot reach the pipeline at ${new URL(url).origin} (${cause}): is it running?`);
  }
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function postJson(url: string, value: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Runs `work` over `items`, at most `limit` at a time, results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
