import type { RunContext } from '../resolve-references';
import type { Runbook } from '../runbook-schema';
import type { TimelineEntry } from '../timeline';

/** What the post-mortem template is given. */
export interface PostmortemData {
  incident: { id: string; subject: string; version: number | null; title: string; severity: string; link: string };
  runbook: { name: string; title: string };
  summary: string;
  status: string;
  faultAt: string;
  detectedAt: string;
  recoveredAt: string | null;
  mttdMs: number;
  mttrMs: number | null;
  mttd: string;
  mttr: string;
  stages: Array<{ name: string; enteredAt: string; leftAt: string | null; outcome: string; duration: string }>;
  timeline: Array<{
    at: string;
    stage: string;
    event: string;
    step: string;
    owner: string;
    outcome: string;
    detail: string;
  }>;
  blastRadius: Array<Record<string, unknown>>;
  blastRadiusSummary: { verdict: string; severity: string; datasets: number; owners: string[] };
  actions: Array<{
    step: string;
    stage: string;
    owner: string;
    duty: string;
    outcome: string;
    attempts: number;
    duration: string;
  }>;
}

export interface PostmortemInput {
  incident: { id: string; subject: string; version?: number | null; title: string; link: string };
  severity: string;
  /** When the fault began (the bad version's registration); default: the run's start. */
  faultAt?: string;
  summary?: string;
  /** `lineage.blast-radius`'s output. */
  blastRadius?: { verdict?: string; severity?: string; owners?: string[]; datasets?: Array<Record<string, unknown>> };
}

/** `1.2 s`, `3 min 4 s`, `250 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/**
 * The post-mortem's facts from the run so far: MTTD (fault → the run's detection, its start) and MTTR (fault → the
 * recover stage completed), each stage's span, the timeline in order, the blast radius rows and every action with its
 * owner. Pure: the writer renders and stores it.
 */
export function buildPostmortem(
  runbook: Runbook,
  run: Readonly<RunContext>,
  timeline: readonly TimelineEntry[],
  input: PostmortemInput,
): PostmortemData {
  const detectedMs = Date.parse(run.run.startedAt);
  const faultMs = input.faultAt ? Date.parse(input.faultAt) : detectedMs;
  const recovered = timeline.find(
    (entry) => entry.type === 'stage-left' && entry.stage === 'recover' && entry.outcome === 'completed',
  );
  const mttdMs = Math.max(0, detectedMs - faultMs);
  const mttrMs = recovered ? Math.max(0, recovered.atMs - faultMs) : null;
  const stages = timeline.flatMap((entry) => {
    if (entry.type !== 'stage-entered') return [];
    const left = timeline.find((other) => other.type === 'stage-left' && other.stage === entry.stage);
    return [
      {
        name: entry.stage,
        enteredAt: entry.at,
        leftAt: left?.at ?? null,
        outcome: left && left.type === 'stage-left' ? left.outcome : 'in progress',
        duration: formatDuration((left?.atMs ?? Date.now()) - entry.atMs),
      },
    ];
  });
  const rows = timeline.flatMap((entry): PostmortemData['timeline'] => {
    switch (entry.type) {
      case 'stage-entered':
        return [
          { at: entry.at, stage: entry.stage, event: 'stage entered', step: '', owner: '', outcome: '', detail: '' },
        ];
      case 'stage-left':
        return [
          {
            at: entry.at,
            stage: entry.stage,
            event: 'stage left',
            step: '',
            owner: '',
            outcome: entry.outcome,
            detail: entry.reason ?? '',
          },
        ];
      case 'step-finished':
        return [
          {
            at: entry.at,
            stage: entry.stage,
            event: 'step',
            step: entry.step,
            owner: entry.owner,
            outcome: entry.outcome,
            detail: [
              `${entry.attempts} attempt(s), ${formatDuration(entry.durationMs)}`,
              entry.acknowledgedBy
                ? `acknowledged by ${entry.acknowledgedBy} after ${formatDuration(entry.acknowledgementDelayMs ?? 0)}`
                : '',
              entry.error ?? '',
            ]
              .filter(Boolean)
              .join('; '),
          },
        ];
      default:
        return [];
    }
  });
  const actions = timeline.flatMap((entry) =>
    entry.type === 'step-finished'
      ? [
          {
            step: entry.step,
            stage: entry.stage,
            owner: entry.owner,
            duty: runbook.roles[entry.owner as keyof typeof runbook.roles] ?? '',
            outcome: entry.outcome,
            attempts: entry.attempts,
            duration: formatDuration(entry.durationMs),
          },
        ]
      : [],
  );
  const blast = input.blastRadius ?? {};
  return {
    incident: {
      id: input.incident.id,
      subject: input.incident.subject,
      version: input.incident.version ?? null,
      title: input.incident.title,
      severity: input.severity,
      link: input.incident.link,
    },
    runbook: { name: runbook.metadata.name, title: runbook.metadata.title },
    summary: input.summary ?? input.incident.title,
    status: run.run.status === 'running' && recovered ? 'recovered' : run.run.status,
    faultAt: new Date(faultMs).toISOString(),
    detectedAt: new Date(detectedMs).toISOString(),
    recoveredAt: recovered?.at ?? null,
    mttdMs,
    mttrMs,
    mttd: formatDuration(mttdMs),
    mttr: mttrMs === null ? 'not recovered' : formatDuration(mttrMs),
    stages,
    timeline: rows,
    blastRadius: blast.datasets ?? [],
    blastRadiusSummary: {
      verdict: blast.verdict ?? 'unknown',
      severity: blast.severity ?? 'unknown',
      datasets: blast.datasets?.length ?? 0,
      owners: blast.owners ?? [],
    },
    actions,
  };
}
