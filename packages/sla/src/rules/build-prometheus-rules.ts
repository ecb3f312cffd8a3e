import { stringify } from 'yaml';
import { formatPrometheusDuration } from '../duration/duration';
import type { ComparisonOperator, Sla, SlaObjective, SlaObjectiveModel } from '../openslo/sla-model';
import { renderQuery } from '../promql/compile-promql';

/** Prometheus's rule file format (https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/). */
export interface PrometheusRuleFile {
  groups: PrometheusRuleGroup[];
}

export interface PrometheusRuleGroup {
  name: string;
  interval?: string;
  rules: PrometheusRule[];
}

export type PrometheusRule =
  | { record: string; expr: string; labels?: Record<string, string> }
  | {
      alert: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };

const PROMQL_OPERATORS: Record<ComparisonOperator, string> = { lte: '<=', gte: '>=', lt: '<', gt: '>' };

/** The recording rule holding an objective's error ratio over `window`. */
export function errorRatioRecord(windowMilliseconds: number): string {
  return `slo:sli_error:ratio_rate${formatPrometheusDuration(windowMilliseconds)}`;
}

/**
 * The Prometheus rules equivalent to the SLA: per objective, a recording rule of the error ratio over every window
 * the SLA uses (the SLO window and each burn-rate window) and of the error budget remaining; per alert policy, an
 * alerting rule firing when both burn-rate windows burn at `op threshold` for `alertAfter`. One group per SLO.
 */
export function buildPrometheusRules(sla: Sla): PrometheusRuleFile {
  return { groups: sla.slos.map((slo) => ({ name: `charter-sla-${slo.name}`, rules: rulesOf(slo) })) };
}

function rulesOf(slo: SlaObjectiveModel): PrometheusRule[] {
  const rules: PrometheusRule[] = [];
  for (const objective of slo.objectives) {
    const labels = { slo: slo.name, objective: objective.name, service: slo.service };
    const selector = `{slo="${slo.name}",objective="${objective.name}"}`;
    const windows = new Set([slo.windowMilliseconds]);
    for (const alert of slo.alerts) {
      windows.add(alert.lookbackMilliseconds);
      windows.add(alert.shortWindowMilliseconds);
    }
    const slice = objective.timeSliceWindowMilliseconds;
    if (slo.budgetingMethod !== 'Occurrences' && slice !== undefined) {
      rules.push({ record: 'slo:sli_error:slice', expr: sliceErrorExpression(slo, objective, slice), labels });
    }
    for (const window of [...windows].sort((a, b) => a - b)) {
      const expr =
        slo.budgetingMethod === 'Occurrences' || slice === undefined
          ? ratioErrorExpression(slo, window)
          : `avg_over_time(slo:sli_error:slice${selector}[${formatPrometheusDuration(window)}])`;
      rules.push({ record: errorRatioRecord(window), expr, labels });
    }
    const budget = formatNumber(1 - objective.target);
    rules.push({
      record: 'slo:error_budget:remaining',
      expr: `1 - ${errorRatioRecord(slo.windowMilliseconds)}${selector} / ${budget}`,
      labels,
    });
    for (const alert of slo.alerts) {
      const op = PROMQL_OPERATORS[alert.op];
      const burn = (window: number) =>
        `${errorRatioRecord(window)}${selector} / ${budget} ${op} ${formatNumber(alert.threshold)}`;
      rules.push({
        alert: 'CharterSloErrorBudgetBurn',
        expr: `(${burn(alert.lookbackMilliseconds)}) and (${burn(alert.shortWindowMilliseconds)})`,
        ...(alert.alertAfterMilliseconds > 0 ? { for: formatPrometheusDuration(alert.alertAfterMilliseconds) } : {}),
        labels: {
          ...labels,
          severity: alert.severity,
          policy: alert.policy,
          condition: alert.condition,
          notification_targets: alert.notificationTargets.map((target) => target.name).join(','),
        },
        annotations: {
          summary: `${slo.displayName ?? slo.name}: error budget burning at ${op} ${alert.threshold}x`,
          description:
            `Burn rate over ${formatPrometheusDuration(alert.lookbackMilliseconds)} and ` +
            `${formatPrometheusDuration(alert.shortWindowMilliseconds)} ${op} ${alert.threshold} ` +
            `(target ${objective.target} over ${formatPrometheusDuration(slo.windowMilliseconds)})`,
        },
      });
    }
  }
  return rules;
}

function ratioErrorExpression(slo: SlaObjectiveModel, window: number): string {
  const indicator = slo.indicator;
  const render = (query: string) => `(${renderQuery(query, window)})`;
  if (indicator.kind === 'threshold') throw new Error(`${slo.name}: a thresholdMetric SLI needs a timeSliceWindow`);
  if (indicator.raw)
    return indicator.rawType === 'failure' ? render(indicator.raw.query) : `1 - ${render(indicator.raw.query)}`;
  if (indicator.good) return `1 - ${render(indicator.good.query)} / ${render(indicator.total!.query)}`;
  return `${render(indicator.bad!.query)} / ${render(indicator.total!.query)}`;
}

function sliceErrorExpression(slo: SlaObjectiveModel, objective: SlaObjective, slice: number): string {
  const indicator = slo.indicator;
  if (indicator.kind === 'threshold') {
    return `1 - ((${renderQuery(indicator.query.query, slice)}) ${PROMQL_OPERATORS[objective.op!]} bool ${formatNumber(objective.value!)})`;
  }
  const error = ratioErrorExpression(slo, slice);
  if (slo.budgetingMethod === 'RatioTimeslices') return error;
  return `1 - ((1 - (${error})) >= bool ${formatNumber(objective.timeSliceTarget ?? 1)})`;
}

/** A number as PromQL writes it, without float noise (0.0010000000000000009 → 0.001). */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The rule file as Prometheus reads it (`rule_files:`): YAML without anchors, one expression per line. */
export function formatPrometheusRules(file: PrometheusRuleFile): string {
  return stringify(file, { aliasDuplicateObjects: false, lineWidth: 0 });
}
