/** An incident as GET /incidents lists it. */
export interface Incident {
  id: string;
  subject: string;
  version: number | null;
  title: string;
  runbook: string;
  severity: string | null;
  status: 'open' | 'resolved' | 'aborted' | string;
  summary: string | null;
  opened_by: { key: string; team: string | null };
  opened_at: string;
  acknowledged_at: string | null;
  closed_at: string | null;
}

/** One timeline entry as GET /incidents/{id} answers it: the engine's fields plus whatever data it carried. */
export interface TimelineEntry {
  type: string;
  at: string;
  stage?: string;
  step?: string;
  recorded_by: string;
  [field: string]: unknown;
}

export interface StepView {
  step: string;
  owner?: string;
  startedAt?: string;
  finishedAt?: string;
  outcome?: string;
  attempts?: number;
  durationMs?: number;
  error?: string;
  acknowledgedBy?: string;
  /** Acknowledged through the API (POST /incidents/{id}/ack) while it waited. */
  acknowledgedAt?: string;
}

export interface StageView {
  stage: string;
  enteredAt?: string;
  leftAt?: string;
  outcome?: string;
  reason?: string;
  steps: StepView[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * The timeline grouped as the runbook ran it: each stage (and the cleanup) with when it was entered and left and its
 * outcome, and each step with its outcome, attempts, duration and time, in the order they first appear.
 */
export function groupTimeline(entries: readonly TimelineEntry[]): StageView[] {
  const stages = new Map<string, StageView>();
  const stageOf = (name: string) => {
    let stage = stages.get(name);
    if (!stage) {
      stage = { stage: name, steps: [] };
      stages.set(name, stage);
    }
    return stage;
  };
  const stepOf = (stage: StageView, name: string) => {
    let step = stage.steps.findLast((candidate) => candidate.step === name);
    if (!step) {
      step = { step: name };
      stage.steps.push(step);
    }
    return step;
  };
  for (const entry of entries) {
    if (entry.type === 'stage-entered' && entry.stage) {
      stageOf(entry.stage).enteredAt = entry.at;
    } else if (entry.type === 'stage-left' && entry.stage) {
      const stage = stageOf(entry.stage);
      stage.leftAt = entry.at;
      stage.outcome = text(entry.outcome);
      stage.reason = text(entry.reason);
    } else if (entry.type === 'step-started' && entry.stage && entry.step) {
      const step = stepOf(stageOf(entry.stage), entry.step);
      step.startedAt ??= entry.at;
      step.owner = text(entry.owner) ?? step.owner;
    } else if (entry.type === 'step-finished' && entry.stage && entry.step) {
      const step = stepOf(stageOf(entry.stage), entry.step);
      step.finishedAt = entry.at;
      step.owner = text(entry.owner) ?? step.owner;
      step.outcome = text(entry.outcome);
      step.attempts = number(entry.attempts);
      step.durationMs = number(entry.durationMs);
      step.error = text(entry.error);
      step.acknowledgedBy = text(entry.acknowledgedBy) ?? step.acknowledgedBy;
    } else if (entry.type === 'acknowledged' && entry.step) {
      for (const stage of stages.values()) {
        const step = stage.steps.findLast((candidate) => candidate.step === entry.step);
        if (step) {
          step.acknowledgedAt ??= entry.at;
          step.acknowledgedBy ??= text(entry.by);
        }
      }
    }
  }
  return [...stages.values()];
}

/** Steps that started and have neither finished nor been acknowledged: a human step waiting for someone. */
export function waitingSteps(stages: readonly StageView[]): string[] {
  return stages.flatMap((stage) =>
    stage.steps
      .filter((step) => step.startedAt !== undefined && step.finishedAt === undefined && !step.acknowledgedAt)
      .map((step) => step.step),
  );
}

/** The drill scenario an incident came from (`charter drill` titles it `… (drill <scenario>)`), if any. */
export function drillScenario(incident: Pick<Incident, 'title'>): string | undefined {
  return /\(drill ([A-Za-z0-9._-]+)\)\s*$/.exec(incident.title)?.[1];
}

/** The team owning a subject by the registry's ownership map: the longest matching prefix. */
export function subjectOwner(
  ownership: { teams: Array<{ name: string; subjectPrefixes: string[] }> },
  subject: string,
): string | undefined {
  let owner: string | undefined;
  let longest = -1;
  for (const team of ownership.teams) {
    for (const prefix of team.subjectPrefixes) {
      if (prefix.length > longest && subject.startsWith(prefix)) {
        owner = team.name;
        longest = prefix.length;
      }
    }
  }
  return owner;
}
