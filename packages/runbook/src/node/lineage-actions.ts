import { isStreamingDataset } from '@charter/lineage-core';
import type { ActionRegistry } from '../action-registry';
import { mostImportantTier } from '../assess-severity';
import { ActionFailedError } from '../builtin-actions';
import { callService, type ServiceEndpoint } from './service-client';

interface ImpactAnswer {
  severity: string;
  verdict: string;
  reasons: string[];
  datasets: Array<{
    namespace: string;
    name: string;
    team?: string;
    contract?: { id: string; tier: string };
    dashboard?: { id: string; executive: boolean };
    reason?: string;
    /** Inherited along the path: everything downstream of a streaming job reads true (not what a row's kind is). */
    streaming: boolean;
    /** The job writing the dataset's nearest reached column: whether it is a streaming job. */
    writer?: { streaming?: boolean };
  }>;
  counts: { columns: number; datasets: number; streaming: number; batch: number };
}

/** One row of the blast radius: a dataset the change reaches, its owner and why it counts. */
export interface BlastRadiusRow {
  namespace: string;
  name: string;
  team: string | null;
  contract: string | null;
  tier: string | null;
  kind: 'streaming' | 'batch';
  reason: string | null;
}

/**
 * `lineage.blast-radius` `{ subject, changes: [{ field, change }], changedBy? }` → lineage's POST /impact for the
 * subject: `verdict`, lineage's `severity`, `tiers` reached (most important first as `tier`), `owners` (teams),
 * `datasets` (rows for the post-mortem's table) and `counts`. No changes → an empty blast radius.
 */
export function lineageActions(lineage: ServiceEndpoint): ActionRegistry {
  const service = { ...lineage, name: 'the lineage service' };
  return {
    'lineage.blast-radius': async (params, { signal }) => {
      if (typeof params.subject !== 'string') throw new ActionFailedError('subject must be a string');
      const changes = Array.isArray(params.changes) ? (params.changes as Array<{ field: string; change: string }>) : [];
      if (changes.length === 0) {
        return {
          subject: params.subject,
          verdict: 'allow',
          severity: 'LOW',
          tier: null,
          tiers: [],
          owners: [],
          datasets: [],
          counts: { datasets: 0 },
        };
      }
      const answer = await callService<ImpactAnswer>(service, {
        method: 'POST',
        path: '/impact',
        signal,
        body: {
          subject: params.subject,
          changes: changes.map((change) => ({ field: change.field, change: change.change })),
          ...(typeof params.changedBy === 'string' ? { changedBy: params.changedBy } : {}),
        },
      });
      const report = answer.body;
      const datasets: BlastRadiusRow[] = report.datasets.map((dataset) => ({
        namespace: dataset.namespace,
        name: dataset.name,
        team: dataset.team ?? null,
        contract: dataset.contract?.id ?? null,
        tier: dataset.contract?.tier ?? null,
        kind: isStreamingDataset(dataset) ? 'streaming' : 'batch',
        reason: dataset.reason ?? null,
      }));
      const tiers = [...new Set(datasets.flatMap((row) => (row.tier ? [row.tier] : [])))];
      return {
        subject: params.subject,
        verdict: report.verdict,
        severity: report.severity,
        reasons: report.reasons,
        tier: mostImportantTier(tiers) ?? null,
        tiers,
        owners: [...new Set(datasets.flatMap((row) => (row.team ? [row.team] : [])))].sort(),
        datasets,
        counts: report.counts,
      };
    },
  };
}
