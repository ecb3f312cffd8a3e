/**
 * What an incident notification is about: a runbook run's incident on a subject, at one moment of the run (opened,
 * a stage entered or left, escalated, resolved or aborted). Strings come from the runbook and the registry.
 */
export interface IncidentNotice {
  /** The incident id: PagerDuty's dedup key, so the trigger and its resolve pair up. */
  key: string;
  subject: string;
  version?: number;
  title: string;
  severity: 'SEV-1' | 'SEV-2' | 'SEV-3' | 'SEV-4';
  /** `triggered` and `resolved` page; the others are Slack messages. */
  event: 'triggered' | 'stage-entered' | 'stage-left' | 'step-finished' | 'escalated' | 'resolved' | 'aborted';
  /** The stage the event is about (detect, assess, contain, recover, post-mortem). */
  stage?: string;
  /** The step a `step-finished` event is about. */
  step?: string;
  /** A stage's or step's outcome, or why it escalated. */
  detail?: string;
  /** The incident's page in the registry (`GET /incidents/{id}`). */
  link: string;
}
