import { isStreamingDataset } from '@charter/lineage-core/dist/naming/dataset-kind';
import { SEVERITIES, type Severity, type Verdict } from './impact-colours';

/** A dataset the change reaches, as POST /impact answers it (lineage-core's ImpactedDataset). */
export interface ImpactedDataset {
  dataset: string;
  namespace: string;
  name: string;
  fields: string[];
  depth: number;
  dangling: boolean;
  streaming: boolean;
  team?: string;
  contract?: { id: string; tier: string };
  dashboard?: { id: string; executive: boolean };
  path: string[];
  writer?: { namespace: string; name: string; streaming: boolean; integration?: string };
  reason?: string;
}

export interface ReachedColumn {
  nodeId: string;
  namespace: string;
  name: string;
  field: string;
  dataset: string;
  depth: number;
  dangling: boolean;
  streaming: boolean;
}

/** The body of POST /impact's 200. */
export interface ImpactReport {
  severity: Severity;
  verdict: Verdict;
  reasons: string[];
  changes: Array<{ namespace: string; name: string; field: string; change: string; known: boolean }>;
  datasets: ImpactedDataset[];
  byTeam: Array<{ team: string | null; datasets: ImpactedDataset[] }>;
  byContract: Array<{ contract: { id: string; tier: string } | null; datasets: ImpactedDataset[] }>;
  columns: ReachedColumn[];
  counts: { columns: number; datasets: number; streaming: number; batch: number; dangling: number };
  subject?: string;
}

/**
 * Streaming or batch, as `charter diff` and the runbook's blast radius table them (lineage-core's one rule): a topic,
 * or the output of a streaming job, is streaming; whatever a batch job writes (even downstream of a stream) changes on
 * its next run.
 */
export function isStreamingAsset(dataset: Pick<ImpactedDataset, 'namespace' | 'writer'>): boolean {
  return isStreamingDataset(dataset);
}

/**
 * One reached dataset's own severity, by the rules of the lineage service's default policy (a tier-1 contract or
 * an executive dashboard CRITICAL, another team's contract HIGH, anything else MEDIUM), never above the severity
 * the service gave the whole change: what the explorer colours each descendant with.
 */
export function severityOfDataset(dataset: ImpactedDataset, overall: Severity, changedBy?: string): Severity {
  let own: Severity = 'MEDIUM';
  if (dataset.contract?.tier === 'tier-1' || dataset.dashboard?.executive) own = 'CRITICAL';
  else if (dataset.contract && dataset.team !== undefined && dataset.team !== changedBy) own = 'HIGH';
  return SEVERITIES.indexOf(own) < SEVERITIES.indexOf(overall) ? overall : own;
}
