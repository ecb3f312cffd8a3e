/**
 * The exposition parser against prom-client, the library our services serve /metrics with: whatever counters,
 * gauges and histograms (with any label values) prom-client writes, the parser reads back the same series.
 * Bad inputs tried: no metric name, an unterminated label value, a missing `=`, no separator between labels, a
 * non-numeric value, an unknown TYPE.
 */
import fc from 'fast-check';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ExpositionError, exposedMetricNames, parseExposition } from '../src';

const runs = Number(process.env.CHARTER_PROPERTY_RUNS ?? 100);

describe('parseExposition', () => {
  it('reads back every series prom-client writes, escaped label values included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.integer({ min: 1, max: 1_000 })), { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { maxLength: 20 }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        async (increments, observations, gaugeValue) => {
          const registry = new Registry();
          const counter = new Counter({ name: 'x_total', help: 'h', labelNames: ['value'], registers: [registry] });
          const histogram = new Histogram({
            name: 'x_seconds',
            help: 'h',
            labelNames: ['route'],
            buckets: [0.1, 1],
            registers: [registry],
          });
          const gauge = new Gauge({ name: 'x_gauge', help: 'h', registers: [registry] });
          for (const [value, by] of increments) counter.inc({ value }, by);
          for (const seconds of observations) histogram.observe({ route: '/a/:id' }, seconds);
          gauge.set(gaugeValue);
          const parsed = parseExposition(await registry.metrics());
          const expected = new Map<string, number>();
          for (const [value, by] of increments) expected.set(value, (expected.get(value) ?? 0) + by);
          for (const [value, total] of expected) {
            expect(parsed.samples).toContainEqual({ metric: 'x_total', labels: { value }, value: total });
          }
          expect(parsed.samples.filter((s) => s.metric === 'x_total')).toHaveLength(expected.size);
          if (observations.length > 0) {
            expect(parsed.samples).toContainEqual({
              metric: 'x_seconds_count',
              labels: { route: '/a/:id' },
              value: observations.length,
            });
            expect(parsed.samples).toContainEqual({
              metric: 'x_seconds_bucket',
              labels: { le: '+Inf', route: '/a/:id' },
              value: observations.length,
            });
          }
          expect(parsed.samples.find((s) => s.metric === 'x_gauge')?.value).toBeCloseTo(gaugeValue);
          expect(parsed.types.get('x_seconds')).toBe('histogram');
        },
      ),
      { numRuns: runs },
    );
  });

  it('names the series of declared families even before any sample', () => {
    const names = exposedMetricNames(parseExposition('# HELP h x\n# TYPE h histogram\n# TYPE c counter\n'));
    expect([...names].sort()).toEqual(['c', 'h_bucket', 'h_count', 'h_sum']);
  });

  it('reads special values and timestamps', () => {
    const { samples } = parseExposition('a +Inf\nb -Inf 123\nc NaN\nd 1e3\n');
    expect(samples.map((s) => s.value)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1000]);
  });

  it.each([
    ['{a="b"} 1', 1],
    ['x{a="b} 1', 1],
    ['x{a "b"} 1', 1],
    ['x{a="b" c="d"} 1', 1],
    ['ok 1\nx one', 2],
    ['# TYPE x sometimes', 1],
  ])('refuses %j, naming line %d', (text, line) => {
    expect(() => parseExposition(text)).toThrow(ExpositionError);
    try {
      parseExposition(text);
    } catch (error) {
      expect((error as ExpositionError).line).toBe(line);
    }
  });
});
