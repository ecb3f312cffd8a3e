import { checkEventBounds } from './check-event-bounds';
import { checkFacets, type FacetLocation } from './check-facets';
import { EventChecker } from './event-checker';
import type {
  EventViolation,
  LineageDataset,
  LineageEvent,
  LineageJob,
  LineageRun,
  RunEventType,
} from './openlineage-event';
import { OPENLINEAGE_LIMITS } from './openlineage-limits';

export interface OpenLineageEventOptions {
  /** Refuse events larger than this many bytes (default `OPENLINEAGE_LIMITS.maxBytes`, 2 MiB). */
  maxBytes?: number;
}

export interface OpenLineageEventResult {
  /** The typed event, only when there is no violation. */
  event?: LineageEvent;
  /** Every violation found, in document order; empty when the event is valid. */
  violations: EventViolation[];
}

const RUN_EVENT_TYPES: readonly RunEventType[] = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

type EventKind = LineageEvent['kind'];

/**
 * Validates a parsed OpenLineage event (spec 2-0-2) and returns it typed, or every violation with its JSON pointer.
 *
 * A RunEvent has `run` and `job`; a JobEvent `job` and no `run`; a DatasetEvent `dataset` and neither `run` nor
 * `job` (stricter than the official schema, which lets a DatasetEvent carry a `run` or a RunEvent a `dataset`:
 * Charter refuses such an event as `ambiguous-event-kind`). The facets Charter reads are checked against their
 * official shapes, every other facet against BaseFacet only, and all are kept as given.
 */
export function validateOpenLineageEvent(
  value: unknown,
  options: OpenLineageEventOptions = {},
): OpenLineageEventResult {
  const bound = checkEventBounds(value, {
    maxBytes: options.maxBytes ?? OPENLINEAGE_LIMITS.maxBytes,
    maxDepth: OPENLINEAGE_LIMITS.maxDepth,
  });
  if (bound) return { violations: [bound] };

  const checker = new EventChecker(OPENLINEAGE_LIMITS.maxInputFields);
  const event = checker.object(value, '', 'an OpenLineage event object');
  if (!event) return { violations: checker.violations };

  const kind = decideKind(checker, event);
  checker.string(event, 'eventTime', '', { required: true, format: 'date-time' });
  checker.string(event, 'producer', '', { required: true, format: 'uri' });
  checker.string(event, 'schemaURL', '', { required: true, format: 'uri' });
  if (kind === 'run') {
    const eventType = checker.string(event, 'eventType', '');
    if (eventType !== undefined && !(RUN_EVENT_TYPES as readonly string[]).includes(eventType)) {
      checker.report(
        '/eventType',
        'unknown-event-type',
        `eventType must be one of ${RUN_EVENT_TYPES.join(', ')}, got ${JSON.stringify(eventType)}`,
      );
    }
    checkRun(checker, checker.property(event, 'run', '', true));
  }
  if (kind === 'run' || kind === 'job') {
    checkJob(checker, checker.property(event, 'job', '', true));
    checker.eachItem(event, 'inputs', '', (item, path) => checkDataset(checker, item, path, 'input'));
    checker.eachItem(event, 'outputs', '', (item, path) => checkDataset(checker, item, path, 'output'));
  }
  if (kind === 'dataset') {
    checkDataset(checker, checker.property(event, 'dataset', '', true), '/dataset', undefined);
  }

  if (checker.violations.length > 0 || kind === undefined) return { violations: checker.violations };
  return { event: toLineageEvent(kind, event), violations: [] };
}

/** Which of the three events this is, reporting when it is none or more than one. */
function decideKind(checker: EventChecker, event: Record<string, unknown>): EventKind | undefined {
  const has = (key: string) => event[key] !== undefined && Object.hasOwn(event, key);
  if (has('dataset')) {
    if (has('run') || has('job')) {
      checker.report(
        '',
        'ambiguous-event-kind',
        'a DatasetEvent has "dataset" and neither "run" nor "job"; an event with both is neither kind',
      );
      return has('run') && has('job') ? 'run' : 'dataset';
    }
    return 'dataset';
  }
  if (has('run')) return 'run';
  if (has('job')) return 'job';
  checker.report(
    '',
    'unknown-event-kind',
    'an event needs "run" and "job" (RunEvent), "job" (JobEvent) or "dataset" (DatasetEvent)',
  );
  return undefined;
}

function checkRun(checker: EventChecker, value: unknown): void {
  if (value === undefined) return;
  const run = checker.object(value, '/run', 'a run object');
  if (!run) return;
  checker.string(run, 'runId', '/run', { required: true, format: 'uuid' });
  checkFacets(checker, run, 'facets', '/run', 'run');
}

function checkJob(checker: EventChecker, value: unknown): void {
  if (value === undefined) return;
  const job = checker.object(value, '/job', 'a job object');
  if (!job) return;
  checker.string(job, 'namespace', '/job', { required: true, nonEmpty: true });
  checker.string(job, 'name', '/job', { required: true, nonEmpty: true });
  checkFacets(checker, job, 'facets', '/job', 'job');
}

/** A dataset; `role` says whether it is an input (with `inputFacets`), an output (`outputFacets`) or static. */
function checkDataset(
  checker: EventChecker,
  value: unknown,
  path: string,
  role: Extract<FacetLocation, 'input' | 'output'> | undefined,
): void {
  if (value === undefined) return;
  const dataset = checker.object(value, path, 'a dataset object');
  if (!dataset) return;
  checker.string(dataset, 'namespace', path, { required: true, nonEmpty: true });
  checker.string(dataset, 'name', path, { required: true, nonEmpty: true });
  checkFacets(checker, dataset, 'facets', path, 'dataset');
  if (role) checkFacets(checker, dataset, `${role}Facets`, path, role);
}

// Only called on a valid event, so the casts below hold.
function toLineageEvent(kind: EventKind, event: Record<string, unknown>): LineageEvent {
  const base = {
    eventTime: event.eventTime as string,
    producer: event.producer as string,
    schemaURL: event.schemaURL as string,
  };
  if (kind === 'dataset') {
    return { kind, ...base, dataset: toDataset(event.dataset, undefined) };
  }
  const job = toJob(event.job);
  const inputs = ((event.inputs ?? []) as unknown[]).map((item) => toDataset(item, 'input'));
  const outputs = ((event.outputs ?? []) as unknown[]).map((item) => toDataset(item, 'output'));
  if (kind === 'job') return { kind, ...base, job, inputs, outputs };
  const eventType = event.eventType as RunEventType | undefined;
  return {
    kind,
    ...(eventType !== undefined ? { eventType } : {}),
    ...base,
    run: toRun(event.run),
    job,
    inputs,
    outputs,
  };
}

function toRun(value: unknown): LineageRun {
  const run = value as Record<string, unknown>;
  return { runId: run.runId as string, ...facetsOf(run, 'facets') };
}

function toJob(value: unknown): LineageJob {
  const job = value as Record<string, unknown>;
  return { namespace: job.namespace as string, name: job.name as string, ...facetsOf(job, 'facets') };
}

function toDataset(value: unknown, role: 'input' | 'output' | undefined): LineageDataset {
  const dataset = value as Record<string, unknown>;
  return {
    namespace: dataset.namespace as string,
    name: dataset.name as string,
    ...facetsOf(dataset, 'facets'),
    ...(role ? facetsOf(dataset, `${role}Facets`) : {}),
  };
}

function facetsOf(owner: Record<string, unknown>, key: string): Record<string, Record<string, unknown>> {
  const facets = owner[key];
  return facets === undefined ? {} : { [key]: facets as Record<string, unknown> };
}
