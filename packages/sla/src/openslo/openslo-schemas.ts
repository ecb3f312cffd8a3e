import { z } from 'zod';
import { durationToMilliseconds, parseDuration } from '../duration/duration';

/**
 * OpenSLO v1 (https://github.com/OpenSLO/OpenSLO, README "Specification"), written as zod schemas: one per kind.
 * Unknown keys are errors (a typo must not silently drop a target), except inside a metric source's `spec` and a
 * DataSource's `connectionDetails`, which the spec leaves free.
 */

export const OPENSLO_API_VERSION = 'openslo/v1';
export const OPENSLO_KINDS = [
  'Service',
  'SLI',
  'SLO',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
  'DataSource',
] as const;
export type OpenSloKind = (typeof OPENSLO_KINDS)[number];

/** RFC 1123 DNS label: ≤ 63 characters, lowercase alphanumerics or `-`, alphanumeric at both ends. */
const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A label key, or an annotation key's name segment: ≤ 63 characters, `[A-Za-z0-9]` at both ends, `-_.` between. */
const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const objectName = z
  .string()
  .regex(RFC1123_LABEL, 'must be an RFC 1123 name: ≤ 63 lowercase alphanumerics or "-", alphanumeric at both ends');

function isAnnotationKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return KEY_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && KEY_NAME.test(key.slice(slash + 1));
}

const description = z.string().max(1050, 'must be at most 1050 characters');

export const metadataSchema = z.strictObject({
  name: objectName,
  displayName: z.string().optional(),
  labels: z
    .record(
      z.string().regex(KEY_NAME, 'label keys: ≤ 63 characters, alphanumeric at both ends, "-_." between'),
      z.union([z.string(), z.array(z.string())]),
    )
    .optional(),
  annotations: z
    .record(
      z.string().refine(isAnnotationKey, 'annotation keys: an optional DNS-subdomain prefix and "/", then a name'),
      z.string(),
    )
    .optional(),
});

/** A duration-shorthand (`5m`, `1h`, `4w`): whole number, unit m h d w M Q Y. `positive`: zero is refused. */
export function durationShorthand(options: { positive: boolean }) {
  return z.string().superRefine((text, context) => {
    const duration = parseDuration(text);
    if (!duration) {
      context.addIssue({
        code: 'custom',
        message: `"${text}" is not a duration-shorthand: a whole number and one of m h d w M Q Y (no seconds)`,
      });
    } else if (options.positive && durationToMilliseconds(duration) === 0) {
      context.addIssue({ code: 'custom', message: 'must be longer than zero' });
    }
  });
}

const operator = z.enum(['lte', 'gte', 'lt', 'gt']);

export const metricSourceSchema = z
  .strictObject({
    metricSourceRef: objectName.optional(),
    type: z.string().min(1).optional(),
    spec: z.record(z.string(), z.unknown()),
  })
  .refine((source) => source.type !== undefined || source.metricSourceRef !== undefined, {
    message: 'give a type, or a metricSourceRef to a DataSource',
  });
const metricSchema = z.strictObject({ metricSource: metricSourceSchema });

export const ratioMetricSchema = z
  .strictObject({
    counter: z.boolean().optional(),
    good: metricSchema.optional(),
    bad: metricSchema.optional(),
    total: metricSchema.optional(),
    rawType: z.enum(['success', 'failure']).optional(),
    raw: metricSchema.optional(),
  })
  .superRefine((ratio, context) => {
    const issue = (message: string, path: string[]) => context.addIssue({ code: 'custom', message, path });
    if (ratio.raw) {
      for (const key of ['good', 'bad', 'total'] as const) {
        if (ratio[key]) issue('raw cannot be used together with good, bad or total', [key]);
      }
      if (!ratio.rawType) issue('rawType (success or failure) is required with raw', ['rawType']);
      return;
    }
    if (ratio.rawType) issue('rawType is only used with raw', ['rawType']);
    if (!ratio.total) issue('total is required (or raw with rawType)', ['total']);
    if (ratio.good && ratio.bad) issue('give good or bad, not both', ['bad']);
    if (!ratio.good && !ratio.bad) issue('give good or bad as the numerator', []);
    if (ratio.counter === undefined) issue('counter (true or false) is required with good/bad/total', ['counter']);
  });

export const sliSpecSchema = z
  .strictObject({
    description: description.optional(),
    thresholdMetric: metricSchema.optional(),
    ratioMetric: ratioMetricSchema.optional(),
  })
  .superRefine((spec, context) => {
    if (spec.thresholdMetric && spec.ratioMetric) {
      context.addIssue({ code: 'custom', message: 'give thresholdMetric or ratioMetric, not both', path: [] });
    } else if (!spec.thresholdMetric && !spec.ratioMetric) {
      context.addIssue({ code: 'custom', message: 'give thresholdMetric or ratioMetric', path: [] });
    }
  });

const inlineSliSchema = z.strictObject({ metadata: metadataSchema, spec: sliSpecSchema });

const objectiveSchema = z
  .strictObject({
    displayName: z.string().optional(),
    op: operator.optional(),
    value: z.number().optional(),
    target: z.number().min(0).lt(1, 'must be in [0, 1)').optional(),
    targetPercent: z.number().min(0).lt(100, 'must be in [0, 100)').optional(),
    timeSliceTarget: z.number().gt(0).max(1, 'must be in (0, 1]').optional(),
    timeSliceWindow: z.union([z.number().int().positive(), durationShorthand({ positive: true })]).optional(),
    indicator: z.unknown().optional(),
    indicatorRef: z.unknown().optional(),
    compositeWeight: z.number().gt(0).optional(),
  })
  .superRefine((objective, context) => {
    if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
      context.addIssue({ code: 'custom', message: 'give exactly one of target and targetPercent', path: [] });
    }
    for (const key of ['indicator', 'indicatorRef'] as const) {
      if (objective[key] !== undefined) {
        context.addIssue({
          code: 'custom',
          message: 'composite SLOs (an indicator per objective) are not supported: give the SLO one indicator',
          path: [key],
        });
      }
    }
  });

const TIME_STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeWindowSchema = z
  .strictObject({
    duration: durationShorthand({ positive: true }),
    isRolling: z.boolean().optional(),
    calendar: z
      .strictObject({
        startTime: z.string().regex(TIME_STAMP, 'must be a date and 24h time without a time zone: YYYY-MM-DD HH:MM:SS'),
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone name, e.g. Europe/Paris'),
      })
      .optional(),
  })
  .superRefine((window, context) => {
    if (window.isRolling === true && window.calendar) {
      context.addIssue({ code: 'custom', message: 'a rolling window has no calendar', path: ['calendar'] });
    }
    if (window.isRolling !== true && !window.calendar) {
      context.addIssue({
        code: 'custom',
        message: 'give isRolling: true, or a calendar for a calendar-aligned window',
        path: ['isRolling'],
      });
    }
  });

const policyRefSchema = z.strictObject({ alertPolicyRef: objectName });
const conditionRefSchema = z.strictObject({ conditionRef: objectName });
const targetRefSchema = z.strictObject({ targetRef: objectName });

export const alertConditionSpecSchema = z.strictObject({
  description: description.optional(),
  severity: z.string().min(1),
  condition: z.strictObject({
    kind: z.literal('burnrate').default('burnrate'),
    op: operator,
    threshold: z.number(),
    lookbackWindow: durationShorthand({ positive: true }),
    alertAfter: durationShorthand({ positive: false }).optional(),
  }),
});

export const alertNotificationTargetSpecSchema = z.strictObject({
  target: z.string().min(1),
  description: description.optional(),
});

const inlineConditionSchema = z.strictObject({
  kind: z.literal('AlertCondition'),
  metadata: metadataSchema,
  spec: alertConditionSpecSchema,
});
const inlineTargetSchema = z.strictObject({
  kind: z.literal('AlertNotificationTarget'),
  metadata: metadataSchema,
  spec: alertNotificationTargetSpecSchema,
});

export const alertPolicySpecSchema = z.strictObject({
  description: description.optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z
    .array(z.union([conditionRefSchema, inlineConditionSchema]))
    .length(1, 'exactly one condition (the spec keeps a list for later versions)'),
  notificationTargets: z.array(z.union([targetRefSchema, inlineTargetSchema])).min(1),
});

const inlinePolicySchema = z.strictObject({
  kind: z.literal('AlertPolicy'),
  metadata: metadataSchema,
  spec: alertPolicySpecSchema,
});

export const sloSpecSchema = z
  .strictObject({
    description: description.optional(),
    service: objectName,
    indicator: inlineSliSchema.optional(),
    indicatorRef: objectName.optional(),
    timeWindow: z.array(timeWindowSchema).length(1, 'exactly one time window').optional(),
    budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']),
    objectives: z.array(objectiveSchema).min(1),
    alertPolicies: z.array(z.union([policyRefSchema, inlinePolicySchema])).optional(),
  })
  .superRefine((slo, context) => {
    const issue = (message: string, path: (string | number)[]) => context.addIssue({ code: 'custom', message, path });
    if (slo.indicator && slo.indicatorRef) issue('give indicator or indicatorRef, not both', ['indicatorRef']);
    if (!slo.indicator && slo.indicatorRef === undefined) issue('give an indicator or an indicatorRef', []);
    slo.objectives.forEach((objective, index) => {
      if (slo.budgetingMethod === 'Timeslices' && objective.timeSliceTarget === undefined) {
        issue('timeSliceTarget is required with budgetingMethod Timeslices', ['objectives', index, 'timeSliceTarget']);
      }
      if (slo.budgetingMethod !== 'Occurrences' && objective.timeSliceWindow === undefined) {
        issue(`timeSliceWindow is required with budgetingMethod ${slo.budgetingMethod}`, [
          'objectives',
          index,
          'timeSliceWindow',
        ]);
      }
    });
  });

const serviceSpecSchema = z.strictObject({ description: description.optional() });
const dataSourceSpecSchema = z.strictObject({
  description: description.optional(),
  type: z.string().min(1),
  connectionDetails: z.record(z.string(), z.unknown()).optional(),
});

const SPEC_SCHEMAS = {
  Service: serviceSpecSchema,
  SLI: sliSpecSchema,
  SLO: sloSpecSchema,
  AlertPolicy: alertPolicySpecSchema,
  AlertCondition: alertConditionSpecSchema,
  AlertNotificationTarget: alertNotificationTargetSpecSchema,
  DataSource: dataSourceSpecSchema,
} as const;

function documentSchema<K extends OpenSloKind>(kind: K) {
  return z.strictObject({
    apiVersion: z.literal(OPENSLO_API_VERSION),
    kind: z.literal(kind),
    metadata: metadataSchema,
    spec: SPEC_SCHEMAS[kind] as (typeof SPEC_SCHEMAS)[K],
  });
}

export const openSloDocumentSchemas = {
  Service: documentSchema('Service'),
  SLI: documentSchema('SLI'),
  SLO: documentSchema('SLO'),
  AlertPolicy: documentSchema('AlertPolicy'),
  AlertCondition: documentSchema('AlertCondition'),
  AlertNotificationTarget: documentSchema('AlertNotificationTarget'),
  DataSource: documentSchema('DataSource'),
};

export type ServiceDocument = z.infer<typeof openSloDocumentSchemas.Service>;
export type SliDocument = z.infer<typeof openSloDocumentSchemas.SLI>;
export type SloDocument = z.infer<typeof openSloDocumentSchemas.SLO>;
export type AlertPolicyDocument = z.infer<typeof openSloDocumentSchemas.AlertPolicy>;
export type AlertConditionDocument = z.infer<typeof openSloDocumentSchemas.AlertCondition>;
export type AlertNotificationTargetDocument = z.infer<typeof openSloDocumentSchemas.AlertNotificationTarget>;
export type DataSourceDocument = z.infer<typeof openSloDocumentSchemas.DataSource>;
export type OpenSloDocument =
  | ServiceDocument
  | SliDocument
  | SloDocument
  | AlertPolicyDocument
  | AlertConditionDocument
  | AlertNotificationTargetDocument
  | DataSourceDocument;
export type SliSpec = z.infer<typeof sliSpecSchema>;
export type MetricSource = z.infer<typeof metricSourceSchema>;
export type AlertConditionSpec = z.infer<typeof alertConditionSpecSchema>;
