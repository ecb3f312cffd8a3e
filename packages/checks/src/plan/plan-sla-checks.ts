import type { MetricCheck } from './check-plan';
import { CheckPlanError } from './check-plan.errors';

/** ODCS SLA properties a checkpoint can measure from the data: how old the newest row's timestamp is. */
const AGE_PROPERTIES = new Set(['latency', 'freshness']);

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 0.001,
  millisecond: 0.001,
  milliseconds: 0.001,
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
};

export interface PlanSlaOptions {
  slaProperties: Array<Record<string, unknown>>;
  contract: string;
  object: string;
  /** The object's contracted columns: an SLA naming another column is not this object's. */
  columns: string[];
}

/**
 * `latency`/`freshness` SLAs whose `element` names a timestamp column of this object (`orders.placed_at`, or a bare
 * `placed_at`): the newest value must be at most `value` `unit` older than the run's clock. Other SLA properties
 * (retention, availability, frequency…) say nothing a scan of the data can verify and are not checked.
 */
export function planSlaChecks(options: PlanSlaOptions): MetricCheck[] {
  const checks: MetricCheck[] = [];
  options.slaProperties.forEach((sla, index) => {
    const property = String(sla.property ?? '');
    if (!AGE_PROPERTIES.has(property) || typeof sla.element !== 'string') return;
    const column = columnOf(sla.element, options.object);
    if (column === undefined || !options.columns.includes(column)) return;
    const unit = String(sla.unit ?? 's').toLowerCase();
    const perUnit = SECONDS_PER_UNIT[unit];
    if (perUnit === undefined || typeof sla.value !== 'number' || !Number.isFinite(sla.value)) {
      throw new CheckPlanError(
        'invalid-rule',
        `slaProperties[${index}]: ${property} needs a numeric value and a time unit (s, m, h, d…), found ${JSON.stringify(sla.value)} ${unit}`,
      );
    }
    const maxSeconds = sla.value * perUnit;
    checks.push({
      kind: 'metric',
      id: `sla.${property}`,
      severity: 'error',
      expectation: {
        expectation_type: 'expect_column_max_to_be_recent',
        kwargs: { column, max_age_seconds: maxSeconds, sla: `${sla.value} ${unit}` },
      },
      meta: { contract: options.contract, object: options.object, property: column, rule: `sla.${property}` },
      columns: [column],
      measure: { type: 'max-epoch', column },
      observe: 'age-seconds',
      threshold: { operator: 'mustBeLessOrEqualTo', value: maxSeconds },
    });
  });
  return checks;
}

function columnOf(element: string, object: string): string | undefined {
  const parts = element.split('.');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2 && parts[0] === object) return parts[1];
  return undefined;
}
