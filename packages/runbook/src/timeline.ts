import type { StageName } from './runbook-schema';

export type StageOutcome = 'completed' | 'failed' | 'escalated' | 'aborted';
export type StepOutcome = 'succeeded' | 'failed' | 'timed-out' | 'aborted' | 'skipped';
export type RunStatus = 'completed' | 'escalated' | 'aborted';

/** Where a step ran: one of the five stages, or the cleanup after a run that did not complete. */
export type StepPlace = StageName | 'cleanup';

/** One thing that happened in a run, stamped with the engine's clock (ISO time and epoch milliseconds). */
export type TimelineEntry =
  | { type: 'stage-entered'; stage: StageName; at: string; atMs: number }
  | {
      type: 'stage-left';
      stage: StageName;
      at: string;
      atMs: number;
      outcome: StageOutcome;
      /** Why a stage did not complete (the failed step or criterion). */
      reason?: string;
    }
  | { type: 'step-started'; stage: StepPlace; step: string; owner: string; at: string; atMs: number; attempt: number }
  | {
      type: 'step-finished';
      stage: StepPlace;
      step: string;
      owner: string;
      at: string;
      atMs: number;
      outcome: StepOutcome;
      attempts: number;
      durationMs: number;
      /** The last attempt's error, when it failed. */
      error?: string;
      /** What failing led to (retries spent): escalate, continue or abort. */
      handling?: 'escalate' | 'continue' | 'abort';
      /** A human step: who acknowledged and how long it waited. */
      acknowledgedBy?: string;
      acknowledgementDelayMs?: number;
    }
  | {
      type: 'notification';
      stage: StepPlace;
      channel: string;
      event: 'stage-entered' | 'stage-left' | 'step-finished' | 'escalated';
      at: string;
      atMs: number;
      delivered: boolean;
      error?: string;
    };
