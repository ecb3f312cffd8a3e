/**
 * PromQL over recorded scrapes: increase across counter resets and new series, rate, aggregation, `or vector(0)`,
 * histogram_quantile's interpolation, and label matchers.
 * Bad inputs tried: a query giving several series where one is expected, a histogram without +Inf, a window with
 * no scrape at all, a failed scrape inside the window.
 */
import { compilePromql, evaluatePromql, MetricHistory, parseExposition, singleValueOf } from '../src';

function history(scrapes: Array<[number, string | undefined]>, target = 'svc'): MetricHistory {
  const recorded = new MetricHistory();
  for (const [at, text] of scrapes) recorded.record(target, at, text === undefined ? undefined : parseExposition(text));
  return recorded;
}

const valueAt = (source: MetricHistory, query: string, at: number) =>
  singleValueOf(evaluatePromql(compilePromql(query), source, at));

describe('evaluatePromql', () => {
  it('increase sums differences across a counter reset, from the last scrape before the window', () => {
    const source = history([
      [0, 'c_total 10'],
      [1_000, 'c_total 15'],
      [2_000, 'c_total 3'],
      [3_000, 'c_total 8'],
    ]);
    expect(valueAt(source, 'sum(increase(c_total[3s]))', 3_000)).toBe(5 + 3 + 5);
    expect(valueAt(source, 'sum(increase(c_total[2s]))', 3_000)).toBe(3 + 5);
    expect(valueAt(source, 'sum(rate(c_total[2s]))', 3_000)).toBe(4);
  });

  it('a series that appears inside the window starts from zero; a failed scrape is skipped', () => {
    const source = history([
      [0, 'c_total{code="200"} 5'],
      [1_000, undefined],
      [2_000, 'c_total{code="200"} 9\nc_total{code="500"} 2'],
    ]);
    expect(valueAt(source, 'sum(increase(c_total{code=~"5.."}[2s]))', 2_000)).toBe(2);
    expect(valueAt(source, 'sum(increase(c_total{code!~"5.."}[2s]))', 2_000)).toBe(4);
    expect(valueAt(source, 'sum(up)', 1_500)).toBe(0);
    expect(valueAt(source, 'sum(up)', 2_000)).toBe(1);
  });

  it('no scrape before the window: the data begins at the first scrape in it', () => {
    const source = history([
      [5_000, 'c_total 100'],
      [6_000, 'c_total 110'],
    ]);
    expect(valueAt(source, 'sum(increase(c_total[1h]))', 6_000)).toBe(10);
    expect(valueAt(source, 'sum(increase(c_total[1h]))', 4_000)).toBeUndefined();
  });

  it('`or vector(0)` fills a family with no series yet; arithmetic matches label sets', () => {
    const source = history([[0, 'a_total{t="x"} 7\n# TYPE b_total counter']]);
    expect(valueAt(source, '(sum(a_total) or vector(0)) - (sum(b_total) or vector(0))', 0)).toBe(7);
    expect(valueAt(source, 'sum(b_total) - 1', 0)).toBeUndefined();
  });

  it('histogram_quantile interpolates inside the bucket holding the rank', () => {
    // 100 observations: 50 in (0, 0.1], 40 in (0.1, 0.5], 10 in (0.5, 1].
    const source = history([
      [0, 'h_bucket{le="0.1"} 0\nh_bucket{le="0.5"} 0\nh_bucket{le="1"} 0\nh_bucket{le="+Inf"} 0'],
      [1_000, 'h_bucket{le="0.1"} 50\nh_bucket{le="0.5"} 90\nh_bucket{le="1"} 100\nh_bucket{le="+Inf"} 100'],
    ]);
    const quantile = (q: number) =>
      valueAt(source, `histogram_quantile(${q}, sum by (le) (rate(h_bucket[1s])))`, 1_000);
    expect(quantile(0.5)).toBeCloseTo(0.1);
    expect(quantile(0.7)).toBeCloseTo(0.1 + 0.4 * (20 / 40));
    expect(quantile(0.99)).toBeCloseTo(0.5 + 0.5 * (9 / 10));
  });

  it('the rank in the +Inf bucket gives the highest finite bound', () => {
    const source = history([
      [0, 'h_bucket{le="0.1"} 0\nh_bucket{le="+Inf"} 0'],
      [1_000, 'h_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 10'],
    ]);
    expect(valueAt(source, 'histogram_quantile(0.99, sum by (le) (increase(h_bucket[1s])))', 1_000)).toBe(0.1);
  });

  it('refuses to reduce several series to one value', () => {
    const source = history([[0, 'a{x="1"} 1\na{x="2"} 2']]);
    expect(() => valueAt(source, 'a', 0)).toThrow(/2 series/);
    expect(valueAt(source, 'sum by (x) (a) / sum by (x) (a) * 0 + max(a)', 0)).toBeUndefined();
  });

  it('a job label names the scrape target', () => {
    const source = new MetricHistory();
    source.record('registry', 0, parseExposition('a 1'));
    source.record('lineage', 0, parseExposition('a 2'));
    expect(valueAt(source, 'sum(a{job="lineage"})', 0)).toBe(2);
  });
});
