import type { LineageGraph } from '../graph/lineage-graph';
import { fieldNodeId } from '../graph/node-ids';
import { findDescendants } from '../traversal/find-descendants';
import { type ReachedDataset, rollUpDatasets } from '../traversal/roll-up-datasets';
import type { ReachedColumn } from '../traversal/walk-columns';
import { DEFAULT_SEVERITY_POLICY, type Severity, type SeverityPolicy, type Verdict } from './severity-policy';

/** What Charter knows of a dataset as an asset: its owner, the contract governing it, whether it is a dashboard. */
export interface Asset {
  team?: string;
  contract?: { id: string; tier: string };
  dashboard?: { id: string; executive: boolean };
}

/** The asset behind a dataset node id, if any (built by the caller from contracts and exposures). */
export type AssetLookup = (datasetId: string) => Asset | undefined;

export interface ChangedField {
  namespace: string;
  name: string;
  field: string;
  /** The schema engine's change kind (e.g. `field-removed`, `type-changed`), carried through to the report. */
  change: string;
}

export interface ImpactRequest {
  changes: ChangedField[];
  /** The team making the change: assets of other teams weigh more. */
  changedBy?: string;
  directOnly?: boolean;
  depth?: number;
}

/** The job that wrote a reached dataset's nearest column: what kind of asset the dataset is hangs on it. */
export interface DatasetWriter {
  namespace: string;
  name: string;
  /** A streaming job (jobType STREAMING, or seen RUNNING): the dataset changes continuously. */
  streaming: boolean;
  /** Its `jobType` facet's integration (`DBT`: the dataset is a dbt model). */
  integration?: string;
}

export interface ImpactedDataset extends ReachedDataset, Asset {
  /** The path (field node ids) to the nearest reached column of this dataset. */
  path: string[];
  /** The job writing the nearest reached column (none for lineage a dataset event declared). */
  writer?: DatasetWriter;
  /** Why it counts, in words (`tier-1 contract orders-analytics`, `executive dashboard revenue`). */
  reason: string | undefined;
}

export interface ImpactReport {
  severity: Severity;
  verdict: Verdict;
  /** The facts behind the severity, most severe first. */
  reasons: string[];
  changes: Array<ChangedField & { known: boolean }>;
  datasets: ImpactedDataset[];
  /** Datasets grouped by owning team (`null`: no owner known), teams in name order. */
  byTeam: Array<{ team: string | null; datasets: ImpactedDataset[] }>;
  /** Datasets grouped by the contract governing them (`null`: none), contracts in id order. */
  byContract: Array<{ contract: { id: string; tier: string } | null; datasets: ImpactedDataset[] }>;
  columns: ReachedColumn[];
  counts: { columns: number; datasets: number; streaming: number; batch: number; dangling: number };
}

/**
 * The blast radius of a schema change: every column its changed fields reach, rolled up to datasets and owners,
 * judged by the policy. Defaults: a tier-1 contract or an executive dashboard reached → CRITICAL; another team's
 * contracted asset → HIGH; anything else downstream → MEDIUM; nothing downstream → LOW.
 */
export function assessImpact(
  graph: LineageGraph,
  request: ImpactRequest,
  assets: AssetLookup,
  policy: SeverityPolicy = DEFAULT_SEVERITY_POLICY,
): ImpactReport {
  const starts = request.changes.map((change) => fieldNodeId(change.namespace, change.name, change.field));
  const columns = findDescendants(graph, starts, { directOnly: request.directOnly, depth: request.depth });
  const nearest = new Map<string, ReachedColumn>();
  for (const column of columns) if (!nearest.has(column.dataset)) nearest.set(column.dataset, column);

  const datasets: ImpactedDataset[] = rollUpDatasets(columns).map((dataset) => {
    const asset = assets(dataset.dataset) ?? {};
    const column = nearest.get(dataset.dataset)!;
    const writer = writerOf(graph, column.via.job);
    return { ...dataset, ...asset, path: column.path, reason: describe(asset), ...(writer ? { writer } : {}) };
  });
  const reasons: Array<[Severity, string]> = [];
  for (const dataset of datasets) {
    const where = `${dataset.namespace}/${dataset.name}`;
    if (dataset.contract && policy.criticalTiers.includes(dataset.contract.tier)) {
      reasons.push(['CRITICAL', `reaches ${dataset.contract.tier} contract ${dataset.contract.id} (${where})`]);
    }
    if (dataset.dashboard?.executive && policy.criticalExecutiveDashboards) {
      reasons.push(['CRITICAL', `reaches executive dashboard ${dataset.dashboard.id} (${where})`]);
    }
    if (dataset.contract && dataset.team !== undefined && dataset.team !== request.changedBy) {
      reasons.push(['HIGH', `reaches team ${dataset.team}'s contract ${dataset.contract.id} (${where})`]);
    }
  }
  if (datasets.length > 0) reasons.push(['MEDIUM', `reaches ${datasets.length} downstream dataset(s)`]);
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
  reasons.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  const severity: Severity = reasons[0]?.[0] ?? 'LOW';

  const byTeam = groupBy(datasets, (dataset) => dataset.team ?? null).map(([team, grouped]) => ({
    team,
    datasets: grouped,
  }));
  const byContract = groupBy(datasets, (dataset) => dataset.contract?.id ?? null).map(([, grouped]) => ({
    contract: grouped[0]!.contract ?? null,
    datasets: grouped,
  }));

  return {
    severity,
    verdict: policy.verdicts[severity],
    reasons: reasons.length > 0 ? reasons.map(([, reason]) => reason) : ['nothing downstream'],
    changes: request.changes.map((change, index) => ({ ...change, known: graph.hasNode(starts[index]!) })),
    datasets,
    byTeam,
    byContract,
    columns,
    counts: {
      columns: columns.length,
      datasets: datasets.length,
      streaming: datasets.filter((dataset) => dataset.streaming).length,
      batch: datasets.filter((dataset) => !dataset.streaming).length,
      dangling: columns.filter((column) => column.dangling).length,
    },
  };
}

/** Datasets grouped by a key, keys in name order and `null` last, datasets in reach order within each. */
function groupBy(
  datasets: ImpactedDataset[],
  keyOf: (dataset: ImpactedDataset) => string | null,
): Array<[string | null, ImpactedDataset[]]> {
  const groups = new Map<string | null, ImpactedDataset[]>();
  for (const dataset of datasets) {
    const key = keyOf(dataset);
    const group = groups.get(key);
    if (group) group.push(dataset);
    else groups.set(key, [dataset]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
}

function writerOf(graph: LineageGraph, job: string | undefined): DatasetWriter | undefined {
  if (job === undefined || !graph.hasNode(job)) return undefined;
  const node = graph.getNodeAttributes(job);
  if (node.kind !== 'job') return undefined;
  return {
    namespace: node.namespace,
    name: node.name,
    streaming: node.streaming,
    ...(node.integration === undefined ? {} : { integration: node.integration }),
  };
}

function describe(asset: Asset): string | undefined {
  if (asset.dashboard) return `${asset.dashboard.executive ? 'executive ' : ''}dashboard ${asset.dashboard.id}`;
  if (asset.contract) return `${asset.contract.tier} contract ${asset.contract.id}`;
  return asset.team === undefined ? undefined : `owned by ${asset.team}`;
}
