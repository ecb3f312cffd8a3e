export type {
  AcknowledgementRequest,
  Acknowledger,
  Action,
  ActionContext,
  ActionRegistry,
  Notifier,
  RunNotice,
} from './action-registry';
export { assessSeverity, mostImportantTier, type SeverityFacts } from './assess-severity';
export { ActionFailedError, BUILTIN_ACTIONS } from './builtin-actions';
export { parseDuration } from './duration';
export { findUnknownActions, type LoadRunbookResult, loadRunbook, readRunbook } from './load-runbook';
export {
  buildPostmortem,
  formatDuration,
  type PostmortemData,
  type PostmortemInput,
} from './postmortem/postmortem-data';
export { renderPostmortem } from './postmortem/render-postmortem';
export { lookUp, type RunContext, resolveReferences, UnresolvedReferenceError } from './resolve-references';
export { type RunResult, type RunRunbookOptions, runRunbook } from './run-runbook';
export { describeProblem, RunbookError, type RunbookProblem, RunbookProblemCode } from './runbook-problem';
export {
  type FailureHandling,
  ROLES,
  type Runbook,
  SEVERITIES,
  type SeverityLevel,
  type SeverityPolicy,
  STAGES,
  type Stage,
  type StageName,
  type Step,
} from './runbook-schema';
export type { RunStatus, StageOutcome, StepOutcome, StepPlace, TimelineEntry } from './timeline';
