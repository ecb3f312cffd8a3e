import {
  deliverNotification,
  type Endpoint,
  type IncidentNotice,
  renderIncidentPage,
  renderIncidentSlack,
} from '@charter/notify';
import type { ActionRegistry, Notifier } from '../action-registry';
import { ActionFailedError } from '../builtin-actions';
import type { RunContext } from '../resolve-references';

/** Where pages and messages go: endpoints by name (as in the notification routes file); secrets stay here. */
export interface IncidentChannels {
  endpoints: Record<string, Endpoint>;
  /** The endpoint paged (PagerDuty); default `pagerduty`. */
  page?: string;
  /** The endpoint messaged (Slack); default `slack`. */
  chat?: string;
  /** The registry's public URL: links point at `<registryUrl>/incidents/<id>`. */
  registryUrl: string;
}

/** The incident a notice is about, from the run: the output of the step that opened it. */
export type IncidentOf = (
  run: Readonly<RunContext>,
) => { id: string; subject: string; version?: number; title: string } | undefined;

const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;

function severityOf(value: unknown): IncidentNotice['severity'] {
  return (SEVERITIES as readonly unknown[]).includes(value) ? (value as IncidentNotice['severity']) : 'SEV-4';
}

function noticeOf(
  params: Record<string, unknown>,
  channels: IncidentChannels,
  event: IncidentNotice['event'],
): IncidentNotice {
  const incident = params.incident;
  if (typeof incident !== 'string' || incident.length === 0)
    throw new ActionFailedError('incident must be an incident id');
  return {
    key: incident,
    subject: String(params.subject ?? ''),
    ...(typeof params.version === 'number' ? { version: params.version } : {}),
    title: String(params.title ?? ''),
    severity: severityOf(params.severity),
    event,
    ...(typeof params.stage === 'string' ? { stage: params.stage } : {}),
    ...(typeof params.detail === 'string' ? { detail: params.detail } : {}),
    link: `${channels.registryUrl}/incidents/${incident}`,
  };
}

function endpointNamed(channels: IncidentChannels, name: string): Endpoint {
  const endpoint = channels.endpoints[name];
  if (!endpoint) throw new ActionFailedError(`no notification endpoint named "${name}" is configured`);
  return endpoint;
}

/**
 * Pages and chat through @charter/notify, delivered now (a step knows its page went out):
 * - `page.trigger` `{ incident, subject, version?, title, severity }` → PagerDuty trigger, dedup key = incident id;
 * - `page.resolve` `{ incident, … , status? }` → the resolve with the same dedup key;
 * - `chat.post` `{ incident, subject, title, severity, event?, stage?, detail? }` → a Slack message.
 */
export function notifyActions(channels: IncidentChannels): ActionRegistry {
  const page = channels.page ?? 'pagerduty';
  const chat = channels.chat ?? 'slack';
  const send = async (name: string, body: unknown, id: string, signal: AbortSignal) => {
    await deliverNotification({ name, endpoint: endpointNamed(channels, name), body, id, signal });
    return { endpoint: name, id };
  };
  return {
    'page.trigger': (params, { signal }) => {
      const notice = noticeOf(params, channels, 'triggered');
      return send(page, renderIncidentPage(notice), `${notice.key}:trigger`, signal);
    },
    'page.resolve': (params, { signal }) => {
      const notice = noticeOf(params, channels, params.status === 'aborted' ? 'aborted' : 'resolved');
      return send(page, renderIncidentPage(notice), `${notice.key}:resolve`, signal);
    },
    'chat.post': (params, { signal, step }) => {
      const event = (typeof params.event === 'string' ? params.event : 'stage-entered') as IncidentNotice['event'];
      const notice = noticeOf(params, channels, event);
      return send(chat, renderIncidentSlack(notice), `${notice.key}:${step.id}`, signal);
    },
  };
}

/**
 * The engine's notifier for stage notifications (`notify: [slack]` in the runbook): each channel name is an endpoint;
 * a message per stage entered, left or escalated, about the incident the run opened (none yet: nothing to say).
 */
export function incidentNotifier(channels: IncidentChannels, incidentOf: IncidentOf): Notifier {
  return async (notice) => {
    const incident = incidentOf(notice.run);
    if (!incident) throw new Error('no incident is open yet');
    const body = renderIncidentSlack({
      key: incident.id,
      subject: incident.subject,
      ...(incident.version === undefined ? {} : { version: incident.version }),
      title: incident.title,
      severity: severityOf(notice.run.severity),
      event: notice.event,
      stage: notice.stage,
      ...(notice.step === undefined ? {} : { step: notice.step }),
      ...(notice.outcome || notice.reason
        ? { detail: [notice.outcome, notice.reason].filter(Boolean).join(': ') }
        : {}),
      link: `${channels.registryUrl}/incidents/${incident.id}`,
    });
    const id = `${incident.id}:${notice.stage}:${notice.event}:${notice.step ?? ''}`;
    await deliverNotification({ name: notice.channel, endpoint: endpointNamed(channels, notice.channel), body, id });
  };
}
