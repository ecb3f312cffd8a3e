import { parseRequest } from '@charter/service-host';
import { z } from 'zod';
import { IncidentErrors } from '../errors/incident.errors';
import { describeIssue } from './check-run.dto';

const text = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .min(1, { error: `${name} must not be empty` })
    .max(max, { error: `${name} must be at most ${max} characters` });
const time = (name: string) => z.iso.datetime({ offset: true, error: `${name} must be an ISO-8601 time` });

export const INCIDENT_SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
export const INCIDENT_STATUSES = ['open', 'resolved', 'aborted'] as const;
/** What a timeline entry records: the runbook engine's entries, acknowledgements and free notes. */
export const TIMELINE_ENTRY_TYPES = [
  'stage-entered',
  'stage-left',
  'step-started',
  'step-finished',
  'notification',
  'acknowledged',
  'note',
] as const;
export const MAX_TIMELINE_ENTRIES = 500;

/** POST /incidents: a runbook run opens an incident on a subject (optionally the bad version). */
export const openIncidentBody = z.strictObject({
  subject: text('subject', 255),
  version: z
    .int({ error: 'version must be a whole number' })
    .min(1, { error: 'version must be at least 1' })
    .optional(),
  title: text('title', 500),
  runbook: text('runbook', 100),
  severity: z
    .enum(INCIDENT_SEVERITIES, { error: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` })
    .optional(),
});
export type OpenIncident = z.output<typeof openIncidentBody>;

/** One timeline entry: its type, time, stage and step; any other fields are kept as its data. */
export const timelineEntry = z
  .looseObject({
    type: z.enum(TIMELINE_ENTRY_TYPES, { error: `type must be one of ${TIMELINE_ENTRY_TYPES.join(', ')}` }),
    at: time('at'),
    stage: text('stage', 100).optional(),
    step: text('step', 100).optional(),
  })
  .refine((entry) => JSON.stringify(entry).length <= 8_192, { error: 'an entry must be at most 8 KiB of JSON' });
export type TimelineEntryInput = z.output<typeof timelineEntry>;

/** POST /incidents/{id}/timeline: entries to append, in order; `severity` once the run has assessed it. */
export const appendTimelineBody = z.strictObject({
  severity: z
    .enum(INCIDENT_SEVERITIES, { error: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` })
    .optional(),
  entries: z
    .array(timelineEntry, { error: 'entries must be a list' })
    .min(1, { error: 'entries must not be empty' })
    .max(MAX_TIMELINE_ENTRIES, { error: `at most ${MAX_TIMELINE_ENTRIES} entries at a time` }),
});

/** POST /incidents/{id}/ack: a human step (or the incident itself, without `step`) acknowledged. */
export const acknowledgeBody = z.strictObject({
  step: text('step', 100).optional(),
  note: text('note', 2_000).optional(),
});
export type Acknowledgement = z.output<typeof acknowledgeBody>;

/** POST /incidents/{id}/close. */
export const closeIncidentBody = z.strictObject({
  status: z.enum(['resolved', 'aborted'], { error: 'status must be resolved or aborted' }),
  summary: text('summary', 20_000).optional(),
  severity: z
    .enum(INCIDENT_SEVERITIES, { error: `severity must be one of ${INCIDENT_SEVERITIES.join(', ')}` })
    .optional(),
});
export type CloseIncident = z.output<typeof closeIncidentBody>;

/** The largest post-mortem the registry keeps (Markdown characters). */
export const MAX_POSTMORTEM_CHARACTERS = 200_000;

/** PUT /incidents/{id}/postmortem: the post-mortem as Markdown (it replaces the one before). */
export const postmortemBody = z.strictObject({
  markdown: text('markdown', MAX_POSTMORTEM_CHARACTERS),
});
export type PutPostmortem = z.output<typeof postmortemBody>;

/** GET /incidents: `status` and `subject` filters, `limit` (1–200, default 50). */
export const incidentQuery = z.strictObject({
  status: z.enum(INCIDENT_STATUSES, { error: `status must be one of ${INCIDENT_STATUSES.join(', ')}` }).optional(),
  subject: text('subject', 255).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { error: 'limit must be a whole number from 1 to 200' })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(1, { error: 'limit must be a whole number from 1 to 200' })
        .max(200, { error: 'limit must be a whole number from 1 to 200' }),
    )
    .default(50),
});
export type IncidentQuery = z.output<typeof incidentQuery>;

const read =
  <Schema extends z.ZodType>(schema: Schema) =>
  (body: unknown): z.output<Schema> =>
    parseRequest(schema, body ?? {}, (issue) => IncidentErrors.invalid(describeIssue(issue)));

export const readOpenIncident = read(openIncidentBody);
export const readAppendTimeline = read(appendTimelineBody);
export type AppendTimeline = z.output<typeof appendTimelineBody>;
export const readAcknowledgement = read(acknowledgeBody);
export const readCloseIncident = read(closeIncidentBody);
export const readIncidentQuery = read(incidentQuery);
export const readPostmortem = read(postmortemBody);

/**
 * The `Idempotency-Key` header of POST /incidents (IETF draft-ietf-httpapi-idempotency-key-header): 1–255 visible
 * ASCII characters, bare or as a quoted structured-field string; absent means the open is not idempotent.
 */
export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw IncidentErrors.invalid('send one Idempotency-Key header');
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw IncidentErrors.invalid('Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  return key;
}

/** The incident id in the path: a UUID, or the incident does not exist. */
export function isIncidentId(id: string): boolean {
  return z.uuid().safeParse(id).success;
}
