import type { RunContext } from './resolve-references';
import type { Runbook, StageName } from './runbook-schema';
import type { StepPlace, TimelineEntry } from './timeline';

/** What an action is given besides its parameters. */
export interface ActionContext {
  /** Aborted when the step times out or the run is aborted: pass it to fetch and timers. */
  signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry … */
  attempt: number;
  step: { id: string; owner: string; stage: StepPlace };
  /** The run so far (read-only): input, earlier steps' outputs, severity, status. */
  run: Readonly<RunContext>;
  runbook: Runbook;
  /** The timeline so far (the post-mortem reads it). */
  timeline: readonly TimelineEntry[];
  /** Records the incident's severity (`${severity}` from then on). */
  setSeverity(severity: string): void;
}

/** A named TypeScript function a runbook step calls; its result is the step's output (`${steps.<id>.…}`). */
export type Action = (params: Record<string, unknown>, context: ActionContext) => Promise<unknown> | unknown;

/** The actions a runbook may name. */
export type ActionRegistry = Readonly<Record<string, Action>>;

/** A human step's request for acknowledgement. */
export interface AcknowledgementRequest {
  stage: StageName | 'cleanup';
  step: string;
  owner: string;
  prompt: string;
  signal: AbortSignal;
  run: Readonly<RunContext>;
}

/** Waits until someone acknowledges a human step; resolves with who did. */
export type Acknowledger = (request: AcknowledgementRequest) => Promise<{ by: string }>;

/** A notification the runbook asks for: a stage entered or left, a step finished, an escalation. */
export interface RunNotice {
  channel: string;
  event: 'stage-entered' | 'stage-left' | 'step-finished' | 'escalated';
  stage: StepPlace;
  step?: string;
  outcome?: string;
  reason?: string;
  run: Readonly<RunContext>;
  runbook: Runbook;
}

export type Notifier = (notice: RunNotice) => Promise<void>;
