import { parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { CheckRunErrors } from '../errors/check-run.errors';
import { describeIssue } from './check-run.dto';

const text = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .min(1, { error: `${name} must not be empty` })
    .max(max, { error: `${name} must be at most ${max} characters` });
const time = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an ISO-8601 time` });
const finite = (name: string) => z.number({ error: `${name} must be a finite number` });
const count = (name: string) =>
  z.int({ error: `${name} must be a whole number` }).min(0, { error: `${name} must not be negative` });

export const DRIFT_TESTS = ['psi', 'ks', 'null-rate'] as const;

/** POST /drift-events: one detection by the profiler (a field's window moved past its test's threshold). */
export const driftEventBody = z.strictObject({
  event_id: z.uuid({ error: 'event_id must be a UUID' }),
  contract: text('contract', 256),
  contract_version: text('contract_version', 64).optional(),
  source: text('source', 1_024),
  field: text('field', 1_024),
  test: z.enum(DRIFT_TESTS, { error: `test must be one of ${DRIFT_TESTS.join(', ')}` }),
  statistic: finite('statistic'),
  threshold: finite('threshold'),
  window: z.strictObject({ start: time('window.start'), end: time('window.end'), count: count('window.count') }),
  baseline: z.strictObject({ windows: count('baseline.windows'), count: count('baseline.count') }),
  detected_at: time('detected_at'),
});

export type DriftEventDocument = z.output<typeof driftEventBody>;

export function readDriftEvent(body: unknown): DriftEventDocument {
  const event = parseRequest(driftEventBody, body, (issue) => CheckRunErrors.invalidDriftEvent(describeIssue(issue)));
  if (Date.parse(event.window.end) < Date.parse(event.window.start)) {
    throw CheckRunErrors.invalidDriftEvent('window.end is before window.start');
  }
  return event;
}
