import { type Document, isNode, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { durationToMilliseconds, parseDuration } from '../duration/duration';
import { compilePromql, PromqlError, renderQuery } from '../promql/compile-promql';
import {
  type AlertConditionDocument,
  type AlertNotificationTargetDocument,
  type AlertPolicyDocument,
  type MetricSource,
  OPENSLO_API_VERSION,
  OPENSLO_KINDS,
  type OpenSloDocument,
  type OpenSloKind,
  openSloDocumentSchemas,
  type SliSpec,
} from './openslo-schemas';
import type { SeverityTargets, Sla, SlaAlert, SlaIndicator, SlaObjectiveModel, SlaQuery } from './sla-model';
import { formatPath, type SlaProblem, type SlaProblemRule } from './sla-problem';

/** Charter's annotations on an AlertPolicy (OpenSLO leaves implementation metadata to annotations). */
export const CHARTER_ANNOTATIONS = {
  /** The severity's promised time to detect (duration-shorthand). */
  timeToDetect: 'charter.io/time-to-detect',
  /** The severity's promised time to recover (duration-shorthand). */
  timeToRecover: 'charter.io/time-to-recover',
  /** The burn-rate condition's short window (default: lookbackWindow ÷ 12, as the SRE workbook pairs 1h with 5m). */
  shortWindow: 'charter.io/short-window',
} as const;

export interface ReadSlaResult {
  /** Present only when there is no problem. */
  sla?: Sla;
  problems: SlaProblem[];
}

type Path = Array<string | number>;

interface Located {
  document: OpenSloDocument;
  index: number;
  at: (path: Path) => { line: number; column: number };
}

/**
 * Reads an SLA file: multi-document YAML of OpenSLO v1 objects, validated against the spec, every reference
 * resolved, every Prometheus query compiled. Problems carry the file, line, column and path; the SLA is returned
 * only when there are none.
 */
export function readSla(text: string, file = 'sla.yaml'): ReadSlaResult {
  const problems: SlaProblem[] = [];
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [parsed];
  const located: Located[] = [];
  /** `Kind/name` of the documents that failed the schema: references to them are not reported again. */
  const invalid = new Set<string>();
  documents.forEach((yamlDocument, index) => {
    const at = locator(yamlDocument as Document, lineCounter);
    const problem = (rule: SlaProblemRule, path: Path, message: string) =>
      problems.push({ rule, file, ...at(path), document: index, path: formatPath(path), message });
    if (yamlDocument.errors.length > 0) {
      for (const error of yamlDocument.errors) {
        const position = error.linePos?.[0] ?? { line: 1, col: 1 };
        problems.push({
          rule: 'yaml-syntax',
          file,
          line: position.line,
          column: position.col,
          document: index,
          path: '',
          message: error.message.split('\n')[0] ?? error.message,
        });
      }
      return;
    }
    const value: unknown = yamlDocument.toJS();
    // An empty document (a trailing `---`) holds nothing to check.
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem('not-a-document', [], 'expected a mapping with apiVersion, kind, metadata and spec');
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.apiVersion !== OPENSLO_API_VERSION) {
      problem('api-version', ['apiVersion'], `apiVersion must be ${OPENSLO_API_VERSION}`);
      return;
    }
    if (!OPENSLO_KINDS.includes(record.kind as OpenSloKind)) {
      problem('unknown-kind', ['kind'], `kind must be one of ${OPENSLO_KINDS.join(', ')}`);
      return;
    }
    const result = openSloDocumentSchemas[record.kind as OpenSloKind].safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) problem('schema', issue.path as Path, messageOf(issue));
      const name = (record.metadata as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string') invalid.add(`${record.kind}/${name}`);
      return;
    }
    located.push({ document: result.data as OpenSloDocument, index, at });
  });
  // The documents that passed the schema are resolved even when others failed, so one run lists every problem.
  const sla = resolveSla(located, file, problems, invalid);
  return problems.length === 0 ? { sla, problems } : { problems };
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Maps a path inside a document to the line and column of the deepest node that exists on it. */
function locator(document: Document, lineCounter: LineCounter): (path: Path) => { line: number; column: number } {
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      if (isNode(node) && (node as Node).range) {
        const position = lineCounter.linePos((node as Node).range![0]);
        return { line: position.line, column: position.col };
      }
    }
    return { line: 1, column: 1 };
  };
}

function resolveSla(located: Located[], file: string, problems: SlaProblem[], invalid: Set<string>): Sla {
  const problem = (item: Located, rule: SlaProblemRule, path: Path, message: string) =>
    problems.push({ rule, file, ...item.at(path), document: item.index, path: formatPath(path), message });
  // A reference to a document that failed the schema is not reported again: that document's problems say why.
  const unresolved = (item: Located, path: Path, kind: OpenSloKind, name: string) => {
    if (!invalid.has(`${kind}/${name}`)) problem(item, 'unresolved-ref', path, `no ${kind} named ${name}`);
  };
  const byKind = new Map<string, Map<string, Located>>();
  for (const item of located) {
    const names = byKind.get(item.document.kind) ?? new Map<string, Located>();
    byKind.set(item.document.kind, names);
    const name = item.document.metadata.name;
    if (names.has(name)) {
      problem(item, 'duplicate-name', ['metadata', 'name'], `another ${item.document.kind} is named ${name}`);
    } else names.set(name, item);
  }
  const lookup = <T extends OpenSloDocument>(kind: OpenSloKind, name: string) =>
    byKind.get(kind)?.get(name)?.document as T | undefined;

  const checkSource = (item: Located, path: Path, source: MetricSource): SlaQuery | undefined => {
    let type = source.type;
    if (source.metricSourceRef !== undefined) {
      const dataSource = lookup<Extract<OpenSloDocument, { kind: 'DataSource' }>>('DataSource', source.metricSourceRef);
      if (!dataSource) {
        unresolved(item, [...path, 'metricSourceRef'], 'DataSource', source.metricSourceRef);
        return undefined;
      }
      type ??= dataSource.spec.type;
    }
    if (type?.toLowerCase() !== 'prometheus') {
      problem(item, 'metric-source', [...path, 'type'], 'Charter evaluates Prometheus metric sources only');
      return undefined;
    }
    const query = source.spec.query;
    if (typeof query !== 'string' || query.trim() === '') {
      problem(item, 'metric-source', [...path, 'spec', 'query'], 'spec.query must be a PromQL query');
      return undefined;
    }
    try {
      compilePromql(renderQuery(query, 300_000));
    } catch (error) {
      if (!(error instanceof PromqlError)) throw error;
      problem(item, error.code, [...path, 'spec', 'query'], error.message);
      return undefined;
    }
    return { query };
  };

  const indicatorOf = (item: Located, path: Path, name: string, spec: SliSpec): SlaIndicator | undefined => {
    if (spec.thresholdMetric) {
      const query = checkSource(item, [...path, 'thresholdMetric', 'metricSource'], spec.thresholdMetric.metricSource);
      return query ? { name, kind: 'threshold', query } : undefined;
    }
    const ratio = spec.ratioMetric!;
    const indicator: SlaIndicator = { name, kind: 'ratio', counter: ratio.counter ?? false, rawType: ratio.rawType };
    let ok = true;
    for (const role of ['good', 'bad', 'total', 'raw'] as const) {
      const metric = ratio[role];
      if (!metric) continue;
      const query = checkSource(item, [...path, 'ratioMetric', role, 'metricSource'], metric.metricSource);
      if (query) indicator[role] = query;
      else ok = false;
    }
    return ok ? indicator : undefined;
  };

  for (const item of byKind.get('SLI')?.values() ?? []) {
    const document = item.document as Extract<OpenSloDocument, { kind: 'SLI' }>;
    indicatorOf(item, ['spec'], document.metadata.name, document.spec);
  }

  const severities: Record<string, SeverityTargets> = {};
  const severitySources: Record<string, string> = {};
  const alertsOf = (item: Located, path: Path, policy: AlertPolicyDocument): SlaAlert | undefined => {
    const [entry] = policy.spec.conditions;
    let condition: AlertConditionDocument | undefined;
    if (entry && 'conditionRef' in entry) {
      condition = lookup<AlertConditionDocument>('AlertCondition', entry.conditionRef);
      if (!condition) {
        unresolved(item, [...path, 'spec', 'conditions', 0, 'conditionRef'], 'AlertCondition', entry.conditionRef);
      }
    } else condition = entry as AlertConditionDocument | undefined;
    const targets: Array<{ name: string; target: string }> = [];
    policy.spec.notificationTargets.forEach((target, index) => {
      if ('targetRef' in target) {
        const found = lookup<AlertNotificationTargetDocument>('AlertNotificationTarget', target.targetRef);
        if (found) targets.push({ name: found.metadata.name, target: found.spec.target });
        else {
          unresolved(
            item,
            [...path, 'spec', 'notificationTargets', index, 'targetRef'],
            'AlertNotificationTarget',
            target.targetRef,
          );
        }
      } else targets.push({ name: target.metadata.name, target: target.spec.target });
    });
    if (!condition) return undefined;
    const annotations = policy.metadata.annotations ?? {};
    const annotation = (key: string): number | undefined => {
      const value = annotations[key];
      if (value === undefined) return undefined;
      const duration = parseDuration(value);
      if (!duration || durationToMilliseconds(duration) === 0) {
        problem(
          item,
          'charter-annotation',
          [...path, 'metadata', 'annotations', key],
          `${key} must be a duration-shorthand longer than zero`,
        );
        return undefined;
      }
      return durationToMilliseconds(duration);
    };
    const spec = condition.spec.condition;
    const lookbackMilliseconds = durationToMilliseconds(parseDuration(spec.lookbackWindow)!);
    const shortWindowMilliseconds = annotation(CHARTER_ANNOTATIONS.shortWindow) ?? lookbackMilliseconds / 12;
    if (shortWindowMilliseconds >= lookbackMilliseconds) {
      problem(
        item,
        'charter-annotation',
        [...path, 'metadata', 'annotations', CHARTER_ANNOTATIONS.shortWindow],
        'the short window must be shorter than the lookbackWindow',
      );
    }
    const detect = annotation(CHARTER_ANNOTATIONS.timeToDetect);
    const recover = annotation(CHARTER_ANNOTATIONS.timeToRecover);
    const severity = condition.spec.severity;
    if (
      (annotations[CHARTER_ANNOTATIONS.timeToDetect] === undefined) !==
      (annotations[CHARTER_ANNOTATIONS.timeToRecover] === undefined)
    ) {
      problem(
        item,
        'charter-annotation',
        [...path, 'metadata', 'annotations'],
        `give both ${CHARTER_ANNOTATIONS.timeToDetect} and ${CHARTER_ANNOTATIONS.timeToRecover}, or neither`,
      );
    } else if (detect !== undefined && recover !== undefined) {
      const known = severities[severity];
      if (known && (known.timeToDetectMilliseconds !== detect || known.timeToRecoverMilliseconds !== recover)) {
        problem(
          item,
          'charter-annotation',
          [...path, 'metadata', 'annotations'],
          `severity ${severity} already has other targets (AlertPolicy ${severitySources[severity]})`,
        );
      } else {
        severities[severity] = { timeToDetectMilliseconds: detect, timeToRecoverMilliseconds: recover };
        severitySources[severity] = policy.metadata.name;
      }
    }
    return {
      policy: policy.metadata.name,
      condition: condition.metadata.name,
      severity,
      op: spec.op,
      threshold: spec.threshold,
      lookbackMilliseconds,
      shortWindowMilliseconds,
      alertAfterMilliseconds: spec.alertAfter ? durationToMilliseconds(parseDuration(spec.alertAfter)!) : 0,
      notificationTargets: targets,
      alertWhenBreaching: policy.spec.alertWhenBreaching ?? true,
      alertWhenResolved: policy.spec.alertWhenResolved ?? false,
      alertWhenNoData: policy.spec.alertWhenNoData ?? false,
    };
  };
  const policyAlerts = new Map<string, SlaAlert | undefined>();
  for (const item of byKind.get('AlertPolicy')?.values() ?? []) {
    policyAlerts.set(item.document.metadata.name, alertsOf(item, [], item.document as AlertPolicyDocument));
  }

  const slos: SlaObjectiveModel[] = [];
  for (const item of byKind.get('SLO')?.values() ?? []) {
    const document = item.document as Extract<OpenSloDocument, { kind: 'SLO' }>;
    const spec = document.spec;
    if (!lookup('Service', spec.service)) {
      unresolved(item, ['spec', 'service'], 'Service', spec.service);
    }
    let indicator: SlaIndicator | undefined;
    if (spec.indicator) {
      indicator = indicatorOf(item, ['spec', 'indicator', 'spec'], spec.indicator.metadata.name, spec.indicator.spec);
    } else {
      const sli = lookup<Extract<OpenSloDocument, { kind: 'SLI' }>>('SLI', spec.indicatorRef!);
      if (!sli) unresolved(item, ['spec', 'indicatorRef'], 'SLI', spec.indicatorRef!);
      else {
        const sliItem = byKind.get('SLI')!.get(spec.indicatorRef!)!;
        const before = problems.length;
        indicator = indicatorOf(sliItem, ['spec'], sli.metadata.name, sli.spec);
        // The SLI's own problems were reported once already, at the SLI.
        problems.splice(before);
      }
    }
    const window = spec.timeWindow?.[0];
    if (!window) {
      problem(item, 'unsupported', ['spec'], 'Charter needs a timeWindow (a rolling one) to compute the error budget');
    } else if (window.isRolling !== true) {
      problem(
        item,
        'unsupported',
        ['spec', 'timeWindow', 0],
        "calendar-aligned windows are valid OpenSLO but Charter's evaluator computes rolling ones",
      );
    }
    if (indicator?.kind === 'threshold') {
      if (spec.budgetingMethod !== 'Timeslices') {
        problem(item, 'unsupported', ['spec', 'budgetingMethod'], 'a thresholdMetric SLI is budgeted in Timeslices');
      }
      if (spec.objectives.length !== 1) {
        problem(item, 'schema', ['spec', 'objectives'], 'a thresholdMetric SLI has exactly one objective');
      }
      spec.objectives.forEach((objective, index) => {
        if (objective.op === undefined || objective.value === undefined) {
          problem(
            item,
            'schema',
            ['spec', 'objectives', index],
            'op and value are required with a thresholdMetric SLI',
          );
        }
      });
    }
    const alerts: SlaAlert[] = [];
    (spec.alertPolicies ?? []).forEach((entry, index) => {
      if ('alertPolicyRef' in entry) {
        if (!policyAlerts.has(entry.alertPolicyRef)) {
          unresolved(item, ['spec', 'alertPolicies', index, 'alertPolicyRef'], 'AlertPolicy', entry.alertPolicyRef);
        }
        const alert = policyAlerts.get(entry.alertPolicyRef);
        if (alert) alerts.push(alert);
      } else {
        const alert = alertsOf(item, ['spec', 'alertPolicies', index], entry as AlertPolicyDocument);
        if (alert) alerts.push(alert);
      }
    });
    if (!indicator || !window) continue;
    slos.push({
      name: document.metadata.name,
      displayName: document.metadata.displayName,
      service: spec.service,
      description: spec.description,
      labels: document.metadata.labels ?? {},
      indicator,
      budgetingMethod: spec.budgetingMethod,
      windowMilliseconds: durationToMilliseconds(parseDuration(window.duration)!),
      objectives: spec.objectives.map((objective, index) => ({
        name: objective.displayName ?? `objective-${index + 1}`,
        target: objective.target ?? objective.targetPercent! / 100,
        op: objective.op,
        value: objective.value,
        timeSliceTarget: objective.timeSliceTarget,
        timeSliceWindowMilliseconds:
          objective.timeSliceWindow === undefined
            ? undefined
            : typeof objective.timeSliceWindow === 'number'
              ? objective.timeSliceWindow * 60_000
              : durationToMilliseconds(parseDuration(objective.timeSliceWindow)!),
      })),
      alerts,
    });
  }
  return {
    services: [...(byKind.get('Service')?.values() ?? [])].map(({ document }) => ({
      name: document.metadata.name,
      displayName: document.metadata.displayName,
      description: (document.spec as { description?: string }).description,
    })),
    slos,
    severities,
    documents: located.map((item) => item.document),
  };
}
