/**
 * The Prometheus rules say what the evaluator computes: for the Occurrences SLOs of the platform SLA, each recorded
 * error ratio, evaluated over the same scrapes, equals the evaluator's; alerts carry the policy's severity, `for`
 * and notification targets.
 * Bad inputs tried: an SLO with no alert policy (recording rules only), a Timeslices SLO (slice rule averaged).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram, Registry } from 'prom-client';
import {
  buildPrometheusRules,
  compilePromql,
  evaluatePromql,
  MetricHistory,
  parseExposition,
  readSla,
  SlaEvaluator,
  singleValueOf,
} from '../src';

const sla = readSla(readFileSync(join(__dirname, '../../../runbooks/platform-sla.yaml'), 'utf8')).sla!;

describe('buildPrometheusRules', () => {
  it('records the error ratio the evaluator computes, window by window', async () => {
    const metrics = new Registry();
    const requests = new Histogram({
      name: 'charter_registry_http_request_duration_seconds',
      help: 'h',
      labelNames: ['method', 'route', 'status'],
      registers: [metrics],
    });
    const history = new MetricHistory();
    const minute = 60_000;
    const start = 10 * 86_400_000;
    for (let i = 1; i <= 8 * 60; i++) {
      // 3 errors in every 100 requests during hours 6 and 7, none otherwise.
      const failing = i > 6 * 60 && i <= 7 * 60;
      for (let r = 0; r < 97; r++) requests.observe({ method: 'GET', route: '/schemas/ids/:id', status: '200' }, 0.01);
      for (let r = 0; r < 2; r++) {
        const status = failing ? '500' : '200';
        requests.observe({ method: 'GET', route: '/schemas/ids/:id', status }, 0.01);
      }
      if (failing) requests.observe({ method: 'GET', route: '/schemas/ids/:id', status: '503' }, 0.01);
      else requests.observe({ method: 'GET', route: '/schemas/ids/:id', status: '404' }, 0.01);
      history.record('registry', start + i * minute, parseExposition(await metrics.metrics()));
    }
    const now = start + 8 * 60 * minute;
    const evaluation = new SlaEvaluator({ sla, source: history }).evaluate(now);
    const group = buildPrometheusRules(sla).groups.find((g) => g.name === 'charter-sla-registry-availability')!;
    const records = group.rules.filter(
      (rule) => 'record' in rule && rule.record.startsWith('slo:sli_error:ratio_rate'),
    );
    expect(records.map((rule) => ('record' in rule ? rule.record : ''))).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate4w',
    ]);
    const sli = evaluation.slis.find((s) => s.slo === 'registry-availability')!;
    for (const rule of records) {
      const recorded = singleValueOf(evaluatePromql(compilePromql(rule.expr), history, now));
      const window = /ratio_rate(\w+)$/.exec('record' in rule ? rule.record : '')![1]!;
      const milliseconds = { '5m': 5, '30m': 30, '1h': 60, '2h': 120, '6h': 360, '1d': 1440, '3d': 4320, '4w': 40320 }[
        window
      ]!;
      const computed = sli.windows.find((w) => w.windowMilliseconds === milliseconds * minute)!.value!;
      expect({ window, recorded }).toEqual({ window, recorded: expect.closeTo(1 - computed, 10) });
    }
    // Two hours since the errors ended: the 1h window is clean, the 2h window holds the whole hour of 3%.
    expect(sli.windows.find((w) => w.windowMilliseconds === 60 * minute)!.value).toBe(1);
    expect(sli.windows.find((w) => w.windowMilliseconds === 120 * minute)!.value).toBeCloseTo(1 - 0.03 / 2, 10);
  });

  it('writes one alert per policy with its severity, for and targets; a Timeslices SLO averages its slice rule', () => {
    const file = buildPrometheusRules(sla);
    const latency = file.groups.find((g) => g.name === 'charter-sla-registry-latency')!;
    expect(latency.rules[0]).toMatchObject({ record: 'slo:sli_error:slice' });
    expect(latency.rules[0]!.expr).toMatch(/^1 - \(\(histogram_quantile\(0\.99, .*\[1m\]\)\)\)\) <= bool 0\.05\)$/);
    expect(latency.rules.find((r) => 'record' in r && r.record === 'slo:sli_error:ratio_rate1h')!.expr).toBe(
      'avg_over_time(slo:sli_error:slice{slo="registry-latency",objective="p99-under-50ms"}[1h])',
    );
    const alerts = latency.rules.filter((rule) => 'alert' in rule);
    expect(alerts[0]).toMatchObject({
      alert: 'CharterSloErrorBudgetBurn',
      for: '1m',
      labels: { severity: 'SEV-1', policy: 'sev-1-fast-burn', notification_targets: 'pagerduty,slack-incidents' },
    });
    expect(alerts[0]!.expr).toBe(
      '(slo:sli_error:ratio_rate1h{slo="registry-latency",objective="p99-under-50ms"} / 0.01 >= 14.4) and ' +
        '(slo:sli_error:ratio_rate5m{slo="registry-latency",objective="p99-under-50ms"} / 0.01 >= 14.4)',
    );
    const noPolicies = buildPrometheusRules({ ...sla, slos: sla.slos.map((slo) => ({ ...slo, alerts: [] })) });
    expect(noPolicies.groups.flatMap((g) => g.rules).filter((rule) => 'alert' in rule)).toEqual([]);
  });
});
