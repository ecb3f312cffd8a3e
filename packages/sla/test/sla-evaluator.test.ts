/**
 * The evaluator over the platform's real SLA (runbooks/platform-sla.yaml), fed scrapes of prom-client registries
 * named as the components name their metrics, on a simulated clock with windows scaled by 1/720 (an hour lasts 5 s):
 * SLIs, error budgets, multi-window burn-rate alerts with their `since`, and an alert threshold raised above the
 * fault that must not fire.
 * Bad inputs tried: no traffic at all (no data, no alert), a scale of 0, a target down for a whole window.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram, Registry } from 'prom-client';
import { MetricHistory, parseExposition, readSla, type Sla, SlaEvaluator } from '../src';

const SCALE = 1 / 720;
const slaText = readFileSync(join(__dirname, '../../../runbooks/platform-sla.yaml'), 'utf8');

function loadSla(text = slaText): Sla {
  const result = readSla(text, 'platform-sla.yaml');
  expect(result.problems).toEqual([]);
  return result.sla!;
}

/** A registry's /metrics as apps/registry serves it (ServiceMetrics with the prefix charter_registry_). */
class FakeRegistryTraffic {
  readonly metrics = new Registry();
  private readonly durations = new Histogram({
    name: 'charter_registry_http_request_duration_seconds',
    help: 'h',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.metrics],
  });

  serve(count: number, status: number, seconds: number, route = '/schemas/ids/:id'): void {
    for (let i = 0; i < count; i++) this.durations.observe({ method: 'GET', route, status: String(status) }, seconds);
  }
}

interface Step {
  /** Simulated milliseconds this phase lasts. */
  duration: number;
  /** Requests per 100 ms tick: status and latency. */
  requests: { count: number; status: number; seconds: number };
}

async function simulate(sla: Sla, steps: Step[], tick = 100) {
  const traffic = new FakeRegistryTraffic();
  const history = new MetricHistory();
  const evaluator = new SlaEvaluator({ sla, source: history, windowScale: SCALE });
  const evaluations = [];
  let now = 1_000_000;
  for (const step of steps) {
    for (let elapsed = 0; elapsed < step.duration; elapsed += tick) {
      traffic.serve(step.requests.count, step.requests.status, step.requests.seconds);
      now += tick;
      history.record('registry', now, parseExposition(await traffic.metrics.metrics()));
      evaluations.push(evaluator.evaluate(now));
    }
  }
  return { evaluations, start: 1_000_000 };
}

const healthy = { count: 20, status: 200, seconds: 0.004 };
const outage = { count: 20, status: 503, seconds: 0.004 };

describe('SlaEvaluator on the platform SLA', () => {
  it('a healthy registry keeps its budget and fires nothing', async () => {
    const { evaluations } = await simulate(loadSla(), [{ duration: 6_000, requests: healthy }]);
    const last = evaluations.at(-1)!;
    const availability = last.budgets.find((b) => b.slo === 'registry-availability')!;
    expect(availability.errorRatio).toBe(0);
    expect(availability.remaining).toBe(1);
    expect(last.firing).toEqual([]);
    const sli = last.slis.find((s) => s.slo === 'registry-availability')!;
    expect(sli.windows[0]).toEqual({ windowMilliseconds: 28 * 86_400_000 * SCALE, value: 1 });
    const latency = last.slis.find((s) => s.slo === 'registry-latency')!;
    expect(latency.latest).toBeGreaterThan(0.0025);
    expect(latency.latest).toBeLessThanOrEqual(0.005);
  });

  it('an outage fires the SEV-1 fast burn within its time to detect, since the first burning evaluation', async () => {
    const sla = loadSla();
    const { evaluations } = await simulate(sla, [
      { duration: 6_000, requests: healthy },
      { duration: 2_000, requests: outage },
    ]);
    const outageStart = 1_000_000 + 6_000;
    const firstFiring = evaluations.find((e) => e.firing.some((a) => a.severity === 'SEV-1'))!;
    expect(firstFiring).toBeDefined();
    const alert = firstFiring.firing.find((a) => a.severity === 'SEV-1' && a.slo === 'registry-availability')!;
    expect(alert.policy).toBe('sev-1-fast-burn');
    expect(alert.since).toBe(outageStart + 100);
    expect(alert.firingSince).toBeGreaterThanOrEqual(alert.since! + 60_000 * SCALE); // the SEV-1 alertAfter: 1m
    expect(alert.burnRate.short).toBeGreaterThanOrEqual(14.4);
    expect(alert.notificationTargets.map((t) => t.name)).toEqual(['pagerduty', 'slack-incidents']);
    const detectedAfter = firstFiring.at - outageStart;
    expect(detectedAfter).toBeLessThanOrEqual(sla.severities['SEV-1']!.timeToDetectMilliseconds * SCALE);
    const budget = evaluations.at(-1)!.budgets.find((b) => b.slo === 'registry-availability')!;
    expect(budget.errorRatio).toBeCloseTo(2_000 / 8_000, 2);
    expect(budget.remaining).toBeLessThan(0);
  });

  it('budget burned: the bad requests seen ÷ the error budget of the whole scaled window', async () => {
    // 10 s at 200 requests/s, 1 s of it failing: 200 bad requests. The window (28 days at 1/720: 56 minutes) at
    // 200 requests/s holds 672 000 requests; at 99.9 % its budget is 672 bad ones: 200 burned 200/672 ≈ 29.8 %.
    const { evaluations } = await simulate(loadSla(), [
      { duration: 4_000, requests: healthy },
      { duration: 1_000, requests: outage },
      { duration: 5_000, requests: healthy },
    ]);
    const budget = evaluations.at(-1)!.budgets.find((b) => b.slo === 'registry-availability')!;
    expect(budget.windowMilliseconds).toBe(3_360_000);
    // The first scrape is at +100 ms (it is where the counters start), the last at +10 s.
    expect(budget.observedMilliseconds).toBe(9_900);
    expect(budget.burned).toBeCloseTo(200 / 672, 3);
    // `consumed` projects the observed error ratio (200 of 1 980) onto the whole window: 101× the budget.
    expect(budget.consumed).toBeCloseTo(200 / 1_980 / 0.001, 1);
    // Before a single bad request, nothing is burned; once the data covers the window, burned is consumed.
    const first = evaluations[10]!.budgets.find((b) => b.slo === 'registry-availability')!;
    expect(first.burned).toBe(0);
  });

  it('budget burned equals budget consumed once the data covers the window', async () => {
    const sla = loadSla();
    const { evaluations } = await simulate(sla, [
      { duration: 3_000, requests: healthy },
      { duration: 500, requests: outage },
    ]);
    const atFullScale = evaluations.at(-1)!.budgets;
    const tiny = { ...sla, slos: sla.slos.map((slo) => ({ ...slo, windowMilliseconds: 2_000 / SCALE })) };
    const covered = (
      await simulate(tiny, [
        { duration: 3_000, requests: healthy },
        { duration: 500, requests: outage },
      ])
    ).evaluations
      .at(-1)!
      .budgets.find((b) => b.slo === 'registry-availability')!;
    expect(covered.observedMilliseconds).toBe(2_000);
    expect(covered.burned).toBeCloseTo(covered.consumed!, 10);
    expect(atFullScale.find((b) => b.slo === 'registry-availability')!.burned).toBeLessThan(0.2);
  });

  it('an alert threshold raised above the fault never fires: the fault goes undetected', async () => {
    const raised = slaText.replace('threshold: 14.4', 'threshold: 2000');
    const { evaluations } = await simulate(loadSla(raised), [
      { duration: 6_000, requests: healthy },
      { duration: 1_000, requests: outage },
    ]);
    expect(evaluations.flatMap((e) => e.firing).filter((a) => a.severity === 'SEV-1')).toEqual([]);
  });

  it('slow hot reads burn the latency SLO in time slices', async () => {
    const { evaluations } = await simulate(loadSla(), [
      { duration: 3_000, requests: healthy },
      { duration: 2_000, requests: { count: 20, status: 200, seconds: 0.2 } },
    ]);
    const last = evaluations.at(-1)!;
    const latency = last.slis.find((s) => s.slo === 'registry-latency')!;
    expect(latency.latest).toBeGreaterThan(0.05);
    const budget = last.budgets.find((b) => b.slo === 'registry-latency')!;
    expect(budget.errorRatio).toBeGreaterThan(0.2);
    expect(last.firing.some((a) => a.slo === 'registry-latency' && a.severity === 'SEV-1')).toBe(true);
  });

  it('the alert resolves once the short window stops burning', async () => {
    const { evaluations } = await simulate(loadSla(), [
      { duration: 6_000, requests: healthy },
      { duration: 1_000, requests: outage },
      { duration: 2_000, requests: healthy },
    ]);
    const last = evaluations.at(-1)!;
    const alert = last.alerts.find((a) => a.slo === 'registry-availability' && a.severity === 'SEV-1')!;
    expect(alert.state).toBe('inactive');
    expect(alert.since).toBeUndefined();
  });

  it('judges a time slice again when a scrape taken at its end arrives after it was first evaluated', () => {
    const history = new MetricHistory();
    const evaluator = new SlaEvaluator({ sla: loadSla(), source: history, windowScale: SCALE });
    const waiting = (records: number) =>
      parseExposition(
        `# TYPE charter_enforcement_unacknowledged_records gauge\ncharter_enforcement_unacknowledged_records{topic="orders"} ${records}\n`,
      );
    const shortBurn = (now: number) =>
      evaluator.evaluate(now).alerts.find((a) => a.slo === 'pipeline-produce-availability' && a.severity === 'SEV-1')!
        .burnRate.short;
    const slice = 60_000 * SCALE;
    const end = (Math.ceil(1_000_000 / slice) + 30) * slice;
    for (let at = 1_000_000; at < end - 10; at += 20) history.record('pipeline', at, waiting(0));
    // The round taken at the slice's end is still in flight when the slice is first evaluated: all healthy so far.
    expect(shortBurn(end + 5)).toBe(0);
    history.record('pipeline', end, waiting(5_000));
    // It arrives: the slice is judged by it, not kept as first seen.
    expect(shortBurn(end + 10)).toBeGreaterThan(14.4);
  });

  it('no traffic is no data: no SLI value, no budget, no alert', () => {
    const evaluator = new SlaEvaluator({ sla: loadSla(), source: new MetricHistory(), windowScale: SCALE });
    const evaluation = evaluator.evaluate(1_000);
    expect(evaluation.budgets.every((b) => b.errorRatio === undefined && b.remaining === undefined)).toBe(true);
    expect(evaluation.firing).toEqual([]);
    expect(() => new SlaEvaluator({ sla: loadSla(), source: new MetricHistory(), windowScale: 0 })).toThrow();
  });

  it('the platform SLA states time to detect and to recover for SEV-1 to SEV-4', () => {
    const { severities } = loadSla();
    expect(Object.keys(severities).sort()).toEqual(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4']);
    for (const targets of Object.values(severities)) {
      expect(targets.timeToDetectMilliseconds).toBeLessThan(targets.timeToRecoverMilliseconds);
    }
  });
});
