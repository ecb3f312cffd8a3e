import type { Acknowledger } from '../action-registry';
import { callService, type ServiceEndpoint } from './service-client';

/** The id of the incident a run opened, once it has one. */
export type IncidentIdOf = () => string | undefined;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/**
 * Drills: acknowledges each human step itself after `delayMs`, through the registry's POST /incidents/{id}/ack (so
 * the incident records it), answering as `by`. The engine records the delay.
 */
export function autoAcknowledge(options: {
  registry: ServiceEndpoint;
  incidentId: IncidentIdOf;
  delayMs?: number;
  by?: string;
}): Acknowledger {
  const service = { ...options.registry, name: 'the registry' };
  return async ({ step, signal }) => {
    await pause(options.delayMs ?? 0, signal);
    const id = options.incidentId();
    if (id) await callService(service, { method: 'POST', path: `/incidents/${id}/ack`, body: { step }, signal });
    return { by: options.by ?? 'drill (auto-acknowledged)' };
  };
}

/**
 * Real incidents: waits until someone acknowledges the step through POST /incidents/{id}/ack (`charter`, curl, a
 * chat bot), polling the incident every `pollMs`; the step's timeout bounds the wait.
 */
export function acknowledgeThroughApi(options: {
  registry: ServiceEndpoint;
  incidentId: IncidentIdOf;
  pollMs?: number;
}): Acknowledger {
  const service = { ...options.registry, name: 'the registry' };
  return async ({ step, signal }) => {
    for (;;) {
      const id = options.incidentId();
      if (id) {
        const incident = await callService<{ timeline: Array<{ type: string; step?: string; by?: string }> }>(service, {
          method: 'GET',
          path: `/incidents/${id}`,
          signal,
        });
        const ack = incident.body.timeline.find((entry) => entry.type === 'acknowledged' && entry.step === step);
        if (ack) return { by: ack.by ?? 'unknown' };
      }
      await pause(options.pollMs ?? 1_000, signal);
    }
  };
}
