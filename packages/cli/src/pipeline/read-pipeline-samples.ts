import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How a sample reaches the pipeline: its HTTP edge (one record, or in a batch), or straight to Kafka. */
export type SampleRoute = 'http' | 'http-batch' | 'kafka';

/** How a sample written straight to Kafka is framed (see contracts/samples/README.md). */
export const SAMPLE_FRAMES = [
  'valid',
  'wrong-magic',
  'truncated',
  'no-frame',
  'unknown-schema-id',
  'other-subject',
] as const;
export type SampleFrame = (typeof SAMPLE_FRAMES)[number];

/** The dead-letter classes a run counts, in the order reports list them. */
export const DEAD_LETTER_CLASSES = [
  'deserialization',
  'unknown-schema',
  'wrong-subject',
  'contract-violation',
  'handler-error',
] as const;

/** The layers that refuse a record at the edge: its schema, the schema's rules (CEL), the subject's contract. */
export const REJECTION_LAYERS = ['schema', 'rule', 'contract'] as const;
export type RejectionLayer = (typeof REJECTION_LAYERS)[number];

export interface PipelineSample {
  id: string;
  topic: string;
  via: SampleRoute;
  frame?: SampleFrame;
  /** `stored`, `stored:duplicate`, `rejected:<layer>`, `dead-letter:<class>`. */
  expect: string;
  note?: string;
  value: unknown;
}

/** What a run of a samples file must report. */
export interface ExpectedCounts {
  samples: number;
  rejected: Partial<Record<RejectionLayer, number>>;
  produced: number;
  stored: number;
  duplicates: number;
  deadLettered: Record<string, number>;
}

export interface SampleFile {
  path: string;
  /** The one topic its samples go to. */
  topic: string;
  samples: PipelineSample[];
  expected: ExpectedCounts;
  /** Where `expected` comes from: the `manifest.json` beside the file, or each sample's `expect`. */
  expectedFrom: 'manifest' | 'samples';
}

/** A samples file that cannot be used: which file, which line, what is wrong. */
export class SamplesError extends Error {
  override readonly name = 'SamplesError';
}

/**
 * Reads samples files (one JSON object per line, all for one topic). What each run must report comes from the
 * `manifest.json` beside a file when it lists the file, else from the samples' own `expect` fields; when both exist
 * they must agree, so a hand-edited file cannot pass against a stale manifest.
 */
export async function readPipelineSamples(paths: readonly string[]): Promise<SampleFile[]> {
  const files: SampleFile[] = [];
  const topics = new Set<string>();
  for (const path of paths) {
    const samples = parseSamples(path, await readFile(path, 'utf8'));
    const topic = samples[0]!.topic;
    if (topics.has(topic)) throw new SamplesError(`${path}: another file already holds samples for ${topic}`);
    topics.add(topic);
    const counted = countExpected(samples);
    const listed = await manifestEntry(path);
    if (listed && !sameCounts(listed, counted)) {
      throw new SamplesError(
        `${path}: its samples' expectations differ from ${join(dirname(path), 'manifest.json')}; regenerate both with generate-samples.mjs`,
      );
    }
    files.push({ path, topic, samples, expected: listed ?? counted, expectedFrom: listed ? 'manifest' : 'samples' });
  }
  return files;
}

function parseSamples(path: string, text: string): PipelineSample[] {
  const samples: PipelineSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const where = `${path}:${index + 1}`;
    let sample: PipelineSample;
    try {
      sample = JSON.parse(line) as PipelineSample;
    } catch (error) {
      throw new SamplesError(`${where}: not JSON (${(error as Error).message})`);
    }
    const problem = sampleProblem(sample);
    if (problem) throw new SamplesError(`${where}: ${problem}`);
    if (samples.length > 0 && sample.topic !== samples[0]!.topic) {
      throw new SamplesError(`${where}: topic ${sample.topic}, but the file's samples are for ${samples[0]!.topic}`);
    }
    samples.push(sample);
  }
  if (samples.length === 0) throw new SamplesError(`${path}: no samples`);
  return samples;
}

function sampleProblem(sample: PipelineSample): string | undefined {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) return 'a sample is a JSON object';
  if (typeof sample.id !== 'string' || typeof sample.topic !== 'string') return 'id and topic must be strings';
  if (!['http', 'http-batch', 'kafka'].includes(sample.via)) return 'via must be http, http-batch or kafka';
  if (sample.via === 'kafka' && !SAMPLE_FRAMES.includes(sample.frame as SampleFrame)) {
    return `a kafka sample's frame must be one of ${SAMPLE_FRAMES.join(', ')}`;
  }
  if (!('value' in sample)) return 'value is missing';
  const [outcome, detail] = String(sample.expect).split(':');
  const known =
    (outcome === 'stored' && (detail === undefined || detail === 'duplicate')) ||
    (outcome === 'rejected' && REJECTION_LAYERS.includes(detail as RejectionLayer)) ||
    (outcome === 'dead-letter' && (DEAD_LETTER_CLASSES as readonly string[]).includes(detail ?? ''));
  return known ? undefined : `unknown expect ${JSON.stringify(sample.expect)}`;
}

/** The counts a run of these samples must report, from each sample's `expect`. */
export function countExpected(samples: readonly PipelineSample[]): ExpectedCounts {
  const counts: ExpectedCounts = {
    samples: samples.length,
    rejected: Object.fromEntries(REJECTION_LAYERS.map((layer) => [layer, 0])),
    produced: 0,
    stored: 0,
    duplicates: 0,
    deadLettered: Object.fromEntries(DEAD_LETTER_CLASSES.map((name) => [name, 0])),
  };
  for (const { expect } of samples) {
    const [outcome, detail = ''] = expect.split(':');
    if (outcome === 'rejected') {
      const layer = detail as RejectionLayer;
      counts.rejected[layer] = (counts.rejected[layer] ?? 0) + 1;
      continue;
    }
    counts.produced++;
    if (outcome === 'stored') {
      counts.stored++;
      if (detail === 'duplicate') counts.duplicates++;
    } else counts.deadLettered[detail] = (counts.deadLettered[detail] ?? 0) + 1;
  }
  return counts;
}

async function manifestEntry(path: string): Promise<ExpectedCounts | undefined> {
  let text: string;
  try {
    text = await readFile(join(dirname(path), 'manifest.json'), 'utf8');
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(text) as { files?: Record<string, ExpectedCounts> };
  return manifest.files?.[basename(path)];
}

/** Equal counts, a zero and an absent entry being the same. */
function sameCounts(a: ExpectedCounts, b: ExpectedCounts): boolean {
  const flat = (counts: ExpectedCounts) => {
    const entries: Record<string, number> = {
      samples: counts.samples,
      produced: counts.produced,
      stored: counts.stored,
      duplicates: counts.duplicates,
    };
    for (const [layer, n] of Object.entries(counts.rejected)) if (n) entries[`rejected:${layer}`] = n;
    for (const [name, n] of Object.entries(counts.deadLettered)) if (n) entries[`dead-letter:${name}`] = n;
    return entries;
  };
  const left = flat(a);
  const right = flat(b);
  return Object.keys({ ...left, ...right }).every((key) => left[key] === right[key]);
}
