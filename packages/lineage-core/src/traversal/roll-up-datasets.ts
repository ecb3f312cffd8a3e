import type { ReachedColumn } from './walk-columns';

export interface ReachedDataset {
  /** The dataset's node id. */
  dataset: string;
  namespace: string;
  name: string;
  /** The columns reached in it, in the order first reached. */
  fields: string[];
  /** The nearest of them. */
  depth: number;
  dangling: boolean;
  streaming: boolean;
}

/** Groups reached columns by dataset, nearest datasets first. */
export function rollUpDatasets(columns: readonly ReachedColumn[]): ReachedDataset[] {
  const datasets = new Map<string, ReachedDataset>();
  for (const column of columns) {
    const existing = datasets.get(column.dataset);
    if (existing) {
      existing.fields.push(column.field);
      existing.depth = Math.min(existing.depth, column.depth);
      existing.dangling ||= column.dangling;
      existing.streaming ||= column.streaming;
      continue;
    }
    datasets.set(column.dataset, {
      dataset: column.dataset,
      namespace: column.namespace,
      name: column.name,
      fields: [column.field],
      depth: column.depth,
      dangling: column.dangling,
      streaming: column.streaming,
    });
  }
  return [...datasets.values()].sort((a, b) => a.depth - b.depth);
}
