/** What the lineage service says a change reaches (the part the registry acts on). */
export interface ImpactSummary {
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  verdict: 'block' | 'needs-approval' | 'warn' | 'allow';
  reasons: string[];
  counts: { columns: number; datasets: number };
  /** The datasets reached and who owns them (at most MAX_DATASETS): notifications go to these owners. */
  datasets: ImpactedDataset[];
}

export interface ImpactedDataset {
  namespace: string;
  name: string;
  team: string | undefined;
  reason: string | undefined;
}

const MAX_DATASETS = 500;

export interface ImpactQuery {
  subject: string;
  changes: Array<{ field: string; change: string }>;
  changedBy: string | undefined;
  /** The caller's own Authorization header: the lineage service checks it against this registry. */
  authorization: string | undefined;
}

export type ImpactAnswer = { kind: 'assessed'; impact: ImpactSummary } | { kind: 'unavailable'; reason: string };

/** The registry's view of the lineage service: one question, answered or not (never thrown). */
export interface LineageGate {
  assess(query: ImpactQuery): Promise<ImpactAnswer>;
}

/** Asks the lineage service's `POST /impact` over HTTP, within a timeout. */
export class HttpLineageGate implements LineageGate {
  constructor(
    private readonly lineageUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async assess(query: ImpactQuery): Promise<ImpactAnswer> {
    try {
      const response = await fetch(`${this.lineageUrl}/impact`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(query.authorization === undefined ? {} : { authorization: query.authorization }),
        },
        body: JSON.stringify({ subject: query.subject, changes: query.changes, changedBy: query.changedBy }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await response.json().catch(() => undefined)) as
        | (Omit<ImpactSummary, 'datasets'> & { datasets?: Array<Partial<ImpactedDataset>>; message?: string })
        | undefined;
      if (!response.ok || !body) {
        return {
          kind: 'unavailable',
          reason: `the lineage service answered ${response.status}${body?.message ? `: ${body.message}` : ''}`,
        };
      }
      return {
        kind: 'assessed',
        impact: {
          severity: body.severity,
          verdict: body.verdict,
          reasons: body.reasons,
          counts: body.counts,
          datasets: (body.datasets ?? []).slice(0, MAX_DATASETS).map(readDataset),
        },
      };
    } catch (error) {
      return { kind: 'unavailable', reason: `the lineage service cannot be reached (${(error as Error).message})` };
    }
  }
}

/** Only the fields notifications use, as strings: the answer comes over the network. */
function readDataset(dataset: Partial<ImpactedDataset>): ImpactedDataset {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    namespace: text(dataset.namespace) ?? '',
    name: text(dataset.name) ?? '',
    team: text(dataset.team),
    reason: text(dataset.reason),
  };
}
