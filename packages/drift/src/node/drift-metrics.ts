import { Counter, Gauge, type Registry } from 'prom-client';
import type { DriftEvent } from '../drift-event';
import type { ClosedWindow } from '../drift-profiler';

/**
 * Prometheus metrics for a drift profiler, registered on the app's registry (the one its /metrics serves):
 * `charter_drift_statistic{contract,field,test}` (the last tested window's statistic), `charter_drift_threshold{…}`,
 * `charter_drift_events_total{contract,field,test}` and `charter_drift_windows_total{contract,phase}`. Pass
 * `onWindow` and `onDrift` to the profiler (chain them with a reporter's `report`).
 */
export function driftMetrics(registry: Registry): {
  onWindow(window: ClosedWindow): void;
  onDrift(event: DriftEvent): void;
} {
  const labelNames = ['contract', 'field', 'test'] as const;
  const statistic = new Gauge({
    name: 'charter_drift_statistic',
    help: "The last tested window's drift statistic per field and test (PSI, KS distance, null-rate rise)",
    labelNames,
    registers: [registry],
  });
  const threshold = new Gauge({
    name: 'charter_drift_threshold',
    help: 'The threshold the statistic is compared with',
    labelNames,
    registers: [registry],
  });
  const events = new Counter({
    name: 'charter_drift_events_total',
    help: 'Drift events: a field that drifted in a window, by test',
    labelNames,
    registers: [registry],
  });
  const windows = new Counter({
    name: 'charter_drift_windows_total',
    help: 'Windows closed, forming the baseline or tested against it',
    labelNames: ['contract', 'phase'] as const,
    registers: [registry],
  });
  return {
    onWindow: (window) => {
      windows.inc({ contract: window.contract.id, phase: window.phase });
      for (const result of window.results) {
        const labels = { contract: window.contract.id, field: result.field, test: result.test };
        statistic.set(labels, result.statistic);
        threshold.set(labels, result.threshold);
      }
    },
    onDrift: (event) => events.inc({ contract: event.contract, field: event.field, test: event.test }),
  };
}
