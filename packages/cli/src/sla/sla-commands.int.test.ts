/**
 * `charter sla check|rules` on runbooks/platform-sla.yaml. The rules must be a Prometheus rule file (checked with a
 * zod schema of Prometheus's format), every expression PromQL by Prometheus's own grammar calling known functions,
 * and every metric it reads one the components really serve: the registry and lineage services are started and
 * their /metrics scraped; the pipeline's enforcement counters come from the code the pipeline registers them with.
 * Bad inputs tried: a missing file (exit 2), an SLA with a target of 1 and a PromQL typo (exit 1, line-precise
 * problems on stderr, nothing on stdout), `sla rules` on that file (exit 1, no rules printed), an unknown option.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enforcementMetrics } from '@charter/enforcement/kafka';
import { startTestLineage, type TestLineage } from '@charter/lineage/testing';
import { startTestRegistry, type TestRegistry } from '@charter/registry/testing';
import { exposedMetricNames, findPromqlSyntaxErrors, parseExposition, promqlReferences } from '@charter/sla';
import { Registry } from 'prom-client';
import { parse } from 'yaml';
import { z } from 'zod';
import { runCharter } from '../../test/run-charter';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SLA_FILE = join(ROOT, 'runbooks', 'platform-sla.yaml');

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const PROMETHEUS_DURATION = /^(\d+(ms|y|w|d|h|m|s))+$/;
const labels = z.record(z.string().regex(LABEL_NAME), z.string());
/** Prometheus's rule file format (docs: configuration/recording_rules and alerting_rules). */
const ruleFileSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: z.string().regex(PROMETHEUS_DURATION).optional(),
        limit: z.number().int().optional(),
        rules: z
          .array(
            z.union([
              z.strictObject({
                record: z.string().regex(METRIC_NAME),
                expr: z.string().min(1),
                labels: labels.optional(),
              }),
              z.strictObject({
                alert: z.string().min(1),
                expr: z.string().min(1),
                for: z.string().regex(PROMETHEUS_DURATION).optional(),
                keep_firing_for: z.string().regex(PROMETHEUS_DURATION).optional(),
                labels: labels.optional(),
                annotations: labels.optional(),
              }),
            ]),
          )
          .min(1),
      }),
    )
    .min(1)
    .refine((groups) => new Set(groups.map((group) => group.name)).size === groups.length, 'group names are unique'),
});
const KNOWN_FUNCTIONS = new Set(['rate', 'increase', 'histogram_quantile', 'avg_over_time', 'vector']);

let registry: TestRegistry;
let lineage: TestLineage;
let work: string;
const served = new Set<string>();
let exposition = '';

beforeAll(async () => {
  registry = await startTestRegistry();
  lineage = await startTestLineage({ registryUrl: registry.url });
  const get = (path: string) => fetch(`${registry.url}${path}`, { headers: { authorization: registry.admin } });
  await get('/schemas/ids/1');
  await get('/subjects/orders-value/versions/1');
  await fetch(`${lineage.url}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: registry.admin },
    body: '{}',
  });
  for (const url of [`${registry.url}/metrics`, `${lineage.url}/metrics`]) {
    const text = await (await fetch(url)).text();
    exposition += text;
    for (const name of exposedMetricNames(parseExposition(text))) served.add(name);
  }
  const pipeline = new Registry();
  enforcementMetrics(pipeline);
  for (const name of exposedMetricNames(parseExposition(await pipeline.metrics()))) served.add(name);
  work = mkdtempSync(join(tmpdir(), 'charter-sla-'));
}, 60_000);

afterAll(async () => {
  await lineage?.close();
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('charter sla check', () => {
  it('accepts the platform SLA', async () => {
    const run = await runCharter(['sla', 'check', '--file', SLA_FILE]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toMatch(/^ok {3}.*platform-sla\.yaml: 7 SLO\(s\), 3 service\(s\), .*SEV-1, SEV-2, SEV-3, SEV-4/);
  });

  it('lists line-precise problems and exits 1', async () => {
    const broken = readFileSync(SLA_FILE, 'utf8')
      .replace('      target: 0.999\n', '      target: 1\n')
      .replace(
        'sum(increase(charter_enforcement_produced_total[{{.window}}]))',
        'sum(increase(charter_enforcement_produced_total[{{.window}}])',
      );
    const file = join(work, 'broken.yaml');
    writeFileSync(file, broken);
    const lineOf = (needle: string) => broken.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const run = await runCharter(['sla', 'check', '--file', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}:${lineOf('target: 1')}:15: [schema]`);
    const queryLine = broken.split('\n').findIndex((line) => line.endsWith('produced_total[{{.window}}])')) + 1;
    expect(run.stderr).toContain(`${file}:${queryLine}:18: [promql-syntax]`);
    const json = await runCharter(['sla', 'check', '--file', file, '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.problems.map((p: { rule: string }) => p.rule).sort()).toEqual(['promql-syntax', 'schema']);
    const rules = await runCharter(['sla', 'rules', '--file', file]);
    expect(rules).toMatchObject({ code: 1, stdout: '' });
  });

  it('exits 2 for a missing file or an unknown option', async () => {
    const missing = await runCharter(['sla', 'check', '--file', join(work, 'nowhere.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.yaml');
    expect((await runCharter(['sla', 'check', '--fiel', 'x'])).code).toBe(2);
  });
});

describe('charter sla rules', () => {
  let document: z.infer<typeof ruleFileSchema>;

  beforeAll(async () => {
    const run = await runCharter(['sla', 'rules', '--file', SLA_FILE]);
    expect(run.code).toBe(0);
    document = ruleFileSchema.parse(parse(run.stdout));
  });

  it('is a Prometheus rule file with a group per SLO and an alert per policy', () => {
    expect(document.groups.map((group) => group.name)).toEqual([
      'charter-sla-registry-availability',
      'charter-sla-registry-latency',
      'charter-sla-lineage-ingest-availability',
      'charter-sla-pipeline-freshness',
      'charter-sla-pipeline-produce-availability',
      'charter-sla-no-data-loss',
      'charter-sla-pipeline-dead-letter-ratio',
    ]);
    for (const group of document.groups) {
      const alerts = group.rules.filter((rule) => 'alert' in rule);
      // Dead letters lose nothing: that SLO has no SEV-1 policy (ADR 0021).
      const severities =
        group.name === 'charter-sla-pipeline-dead-letter-ratio'
          ? ['SEV-2', 'SEV-3', 'SEV-4']
          : ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'];
      expect(alerts.map((rule) => rule.labels?.severity)).toEqual(severities);
    }
  });

  it('writes every expression in PromQL with known functions', () => {
    for (const rule of document.groups.flatMap((group) => group.rules)) {
      expect({ expr: rule.expr, errors: findPromqlSyntaxErrors(rule.expr) }).toEqual({ expr: rule.expr, errors: [] });
      expect(rule.expr).not.toContain('{{');
      for (const fn of promqlReferences(rule.expr).functions) expect(KNOWN_FUNCTIONS).toContain(fn);
    }
  });

  it('reads only metrics the components serve, or rules the file records', () => {
    const rules = document.groups.flatMap((group) => group.rules);
    const recorded = new Set(rules.flatMap((rule) => ('record' in rule ? [rule.record] : [])));
    const read = new Set(rules.flatMap((rule) => promqlReferences(rule.expr).metrics));
    const missing = [...read].filter((name) => !recorded.has(name) && !served.has(name));
    expect(missing).toEqual([]);
    expect([...read].filter((name) => !recorded.has(name)).sort()).toEqual([
      'charter_enforcement_dead_lettered_total',
      'charter_enforcement_handled_total',
      'charter_enforcement_produced_total',
      'charter_enforcement_unacknowledged_records',
      'charter_lineage_http_request_duration_seconds_count',
      'charter_registry_http_request_duration_seconds_bucket',
      'charter_registry_http_request_duration_seconds_count',
    ]);
  });

  it('selects the route labels the services really write', () => {
    for (const route of ['/schemas/ids/:id', '/subjects/:subject/versions/:version', '/api/v1/lineage']) {
      expect(exposition).toContain(`route="${route}"`);
    }
  });

  it('writes to --out', async () => {
    const out = join(work, 'rules.yaml');
    const run = await runCharter(['sla', 'rules', '--file', SLA_FILE, '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(ruleFileSchema.safeParse(parse(readFileSync(out, 'utf8'))).success).toBe(true);
  });
});
