// The pure half of impact: the lineage service's POST /impact answer as `charter diff` reports it. No I/O.
import { isStreamingDataset, namespaceScheme, TABLE_SCHEMES, TOPIC_SCHEMES } from '@charter/lineage-core';
import type { ChangeImpact, DiffReason, ImpactedAsset } from './diff-report';

/** A dataset as POST /impact answers it (lineage-core's ImpactedDataset, read off the wire: anything may be off). */
export interface ImpactAnswerDataset {
  namespace?: unknown;
  name?: unknown;
  fields?: unknown;
  depth?: unknown;
  streaming?: unknown;
  team?: unknown;
  contract?: unknown;
  dashboard?: unknown;
  path?: unknown;
  reason?: unknown;
  writer?: unknown;
}

/** The body of a 200 from POST /impact, as far as `charter diff` reads it. */
export interface ImpactAnswer {
  severity?: unknown;
  verdict?: unknown;
  reasons?: unknown;
  datasets?: unknown;
}

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
const VERDICTS = ['block', 'needs-approval', 'warn', 'allow'] as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * What kind of asset a reached dataset is: a dashboard when Charter's catalog says so, a dbt model when a dbt job
 * writes it, a topic or a table by its namespace's scheme; otherwise just a dataset.
 */
export function classifyAsset(dataset: ImpactAnswerDataset): ImpactedAsset['kind'] {
  if (typeof dataset.dashboard === 'object' && dataset.dashboard !== null) return 'dashboard';
  const writer = (dataset.writer ?? {}) as { integration?: unknown; namespace?: unknown };
  if (text(writer.integration)?.toUpperCase() === 'DBT' || namespaceScheme(text(writer.namespace) ?? '') === 'dbt')
    return 'dbt-model';
  const scheme = namespaceScheme(text(dataset.namespace) ?? '');
  if (TOPIC_SCHEMES.has(scheme)) return 'topic';
  if (TABLE_SCHEMES.has(scheme)) return 'table';
  return 'dataset';
}

/**
 * Whether a reached dataset belongs in the streaming table: lineage-core's rule (a topic, or the output of a streaming
 * job), over an answer read off the wire.
 */
export function isStreamingAsset(dataset: ImpactAnswerDataset): boolean {
  const writer = typeof dataset.writer === 'object' && dataset.writer !== null ? dataset.writer : undefined;
  return isStreamingDataset({ namespace: text(dataset.namespace) ?? '', writer });
}

export function toImpactedAsset(dataset: ImpactAnswerDataset): ImpactedAsset {
  const kind = classifyAsset(dataset);
  const contract = dataset.contract as { id?: unknown; tier?: unknown } | undefined;
  const team = text(dataset.team);
  const reason = text(dataset.reason);
  return {
    namespace: text(dataset.namespace) ?? '',
    name: text(dataset.name) ?? '',
    ...(team === undefined ? {} : { team }),
    kind,
    ...(text(contract?.id) === undefined
      ? {}
      : { contract: { id: text(contract?.id)!, tier: text(contract?.tier) ?? '' } }),
    fields: texts(dataset.fields),
    depth: typeof dataset.depth === 'number' ? dataset.depth : 0,
    path: texts(dataset.path),
    ...(reason === undefined ? {} : { reason }),
  };
}

/** One changed schema version's impact: the answer's severity, verdict and reasons, its datasets in two tables. */
export function toChangeImpact(
  change: { subject: string; version: number; file: string },
  answer: ImpactAnswer,
): ChangeImpact {
  const batch: ImpactedAsset[] = [];
  const streaming: ImpactedAsset[] = [];
  for (const dataset of Array.isArray(answer.datasets) ? (answer.datasets as ImpactAnswerDataset[]) : []) {
    if (typeof dataset !== 'object' || dataset === null) continue;
    const asset = toImpactedAsset(dataset);
    (isStreamingAsset(dataset) ? streaming : batch).push(asset);
  }
  const severity = SEVERITIES.find((known) => known === answer.severity) ?? 'LOW';
  const verdict = VERDICTS.find((known) => known === answer.verdict) ?? 'allow';
  return { ...change, severity, verdict, reasons: texts(answer.reasons), batch, streaming };
}

/**
 * The reason a change's impact adds: blocking when the verdict is `block` or `needs-approval` — exactly when the
 * registry's lineage gate refuses the registration without an approval — and none otherwise.
 */
export function impactReason(impact: ChangeImpact): DiffReason | undefined {
  if (impact.verdict !== 'block' && impact.verdict !== 'needs-approval') return undefined;
  const reached = impact.batch.length + impact.streaming.length;
  return {
    code: 'impact-needs-approval',
    blocking: true,
    file: impact.file,
    subject: impact.subject,
    version: impact.version,
    message: `${impact.subject} v${impact.version} has ${impact.severity} impact (${impact.verdict}), reaching ${reached} dataset(s): ${impact.reasons.slice(0, 3).join('; ')}`,
  };
}
