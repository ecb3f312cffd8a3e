import type { Acknowledger, ActionRegistry } from '../action-registry';
import { BUILTIN_ACTIONS } from '../builtin-actions';
import { type RunResult, runRunbook } from '../run-runbook';
import type { Runbook } from '../runbook-schema';
import type { TimelineEntry } from '../timeline';
import { autoAcknowledge } from './acknowledgers';
import { lineageActions } from './lineage-actions';
import { type IncidentChannels, incidentNotifier, notifyActions } from './notify-actions';
import { postmortemActions } from './postmortem-actions';
import { registryActions } from './registry-actions';
import { callService, type ServiceEndpoint } from './service-client';

export interface RunIncidentOptions {
  runbook: Runbook;
  registry: ServiceEndpoint;
  lineage: ServiceEndpoint;
  channels: IncidentChannels;
  postmortem: { template: string; outputDir: string };
  /** The run's input (`${input.…}`): subject, version, faultAt … */
  input: Record<string, unknown>;
  /** Actions the caller adds (a drill's pipeline controls, `pipelineActions`). */
  actions?: ActionRegistry;
  /** Default: acknowledged by the drill at once (`autoAcknowledge`). */
  acknowledge?: Acknowledger;
  signal?: AbortSignal;
  onEntry?: (entry: TimelineEntry) => void;
}

export interface IncidentRun {
  result: RunResult;
  incident: { id: string; subject: string; title: string; version?: number } | undefined;
  /**
   * How the incident was closed: resolved (completed), aborted, left open for people (escalated), or not closed
   * because the registry refused or could not be reached (the error is in `timelineSync.errors`).
   */
  closedAs: 'resolved' | 'aborted' | 'open' | 'not-opened' | 'close-failed';
  /** Timeline entries the registry kept, and those it refused or never got. */
  timelineSync: { stored: number; failed: number; errors: string[] };
}

/** Every action a schema-incident runbook may name, over the given services and channels. */
export function incidentActions(
  options: Omit<RunIncidentOptions, 'runbook' | 'input' | 'signal' | 'onEntry' | 'acknowledge'>,
): ActionRegistry {
  return {
    ...BUILTIN_ACTIONS,
    ...registryActions(options.registry),
    ...lineageActions(options.lineage),
    ...notifyActions(options.channels),
    ...postmortemActions({
      ...options.postmortem,
      registryUrl: options.channels.registryUrl,
      registry: options.registry,
    }),
    ...options.actions,
  };
}

/**
 * Runs a runbook as an incident: the engine with every action, its timeline streamed to the registry's incident as it
 * happens (entries before the incident opens are sent once it does), stage notifications to chat, human steps
 * acknowledged (by default at once, as drills do), and finally the incident closed — resolved when the run completed,
 * aborted when it was aborted; an escalated incident stays open for people.
 */
export async function runIncident(options: RunIncidentOptions): Promise<IncidentRun> {
  const service = { ...options.registry, name: 'the registry' };
  const base = incidentActions(options);
  let incident: IncidentRun['incident'];
  /** The severity once assessed, sent with the next timeline batch (the incident list shows it while open). */
  let severity: { level: string; sent: boolean } | undefined;
  const sync = { stored: 0, failed: 0, errors: [] as string[] };
  const pending: TimelineEntry[] = [];
  let chain = Promise.resolve();
  const flush = () => {
    chain = chain.then(async () => {
      if (!incident || pending.length === 0) return;
      const entries = pending.splice(0, 500);
      const newSeverity = severity && !severity.sent ? severity : undefined;
      try {
        await callService(service, {
          method: 'POST',
          path: `/incidents/${incident.id}/timeline`,
          body: { entries: entries.map(toWire), ...(newSeverity ? { severity: newSeverity.level } : {}) },
          signal: AbortSignal.timeout(10_000),
        });
        sync.stored += entries.length;
        if (newSeverity) newSeverity.sent = true;
      } catch (error) {
        sync.failed += entries.length;
        sync.errors.push((error as Error).message);
      }
    });
    return chain;
  };
  const actions: ActionRegistry = {
    ...base,
    'incident.open': async (params, context) => {
      const opened = (await base['incident.open']!(params, context)) as {
        id: string;
        subject: string;
        title: string;
        version?: number | null;
      };
      incident = {
        id: opened.id,
        subject: opened.subject,
        title: opened.title,
        ...(typeof opened.version === 'number' ? { version: opened.version } : {}),
      };
      void flush();
      return opened;
    },
    'severity.assess': async (params, context) => {
      const assessed = (await base['severity.assess']!(params, context)) as { severity: string };
      severity = { level: assessed.severity, sent: false };
      return assessed;
    },
  };
  const result = await runRunbook({
    runbook: options.runbook,
    actions,
    input: options.input,
    signal: options.signal,
    acknowledge: options.acknowledge ?? autoAcknowledge({ registry: options.registry, incidentId: () => incident?.id }),
    notify: incidentNotifier(options.channels, () => incident),
    onEntry: (entry) => {
      pending.push(entry);
      options.onEntry?.(entry);
      void flush();
    },
  });
  await flush();
  if (!incident) return { result, incident, closedAs: 'not-opened', timelineSync: sync };
  if (result.status === 'escalated') return { result, incident, closedAs: 'open', timelineSync: sync };
  const status = result.status === 'completed' ? 'resolved' : 'aborted';
  try {
    await callService(service, {
      method: 'POST',
      path: `/incidents/${incident.id}/close`,
      body: {
        status,
        summary: `${options.runbook.metadata.title}: ${result.status}`,
        ...(result.context.severity ? { severity: result.context.severity } : {}),
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    sync.errors.push(`closing the incident: ${(error as Error).message}`);
    return { result, incident, closedAs: 'close-failed', timelineSync: sync };
  }
  return { result, incident, closedAs: status, timelineSync: sync };
}

/** A timeline entry as the registry keeps it: type, at, stage, step, and the rest as data. */
function toWire(entry: TimelineEntry): Record<string, unknown> {
  const { atMs: _atMs, ...rest } = entry;
  return rest;
}
