/**
 * MetricHistory's increase (one subtraction of reset-adjusted values) against a naive oracle that walks every pair
 * of consecutive successful scrapes, on random histories: counters that grow, reset, vanish and come back, and
 * failed scrapes, over random windows.
 * Bad inputs tried (generated): a window before any scrape, a window holding only failed scrapes, a reset to zero,
 * a series that vanishes at the window's end, out-of-order scrapes (refused).
 */
import fc from 'fast-check';
import { MetricHistory, parseExposition } from '../src';

/** 300 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const runs = Number(process.env.CHARTER_PROPERTY_RUNS ?? 300);

type Step = undefined | Record<string, number>;

/** The definition: sum, over consecutive successful scrapes in the window, of each series' difference. */
function naiveIncrease(steps: Step[], from: number, to: number): Record<string, number> {
  const at = (index: number) => (index + 1) * 10;
  let start = -1;
  for (let i = 0; i < steps.length; i++) if (at(i) <= from && steps[i]) start = i;
  const totals: Record<string, number> = {};
  let previous: Record<string, number> | undefined = start >= 0 ? steps[start] : undefined;
  for (let i = start + 1; i < steps.length && at(i) <= to; i++) {
    const current = steps[i];
    if (!current) continue;
    if (previous) {
      for (const [key, value] of Object.entries(current)) {
        const before = previous[key];
        totals[key] = (totals[key] ?? 0) + (before === undefined ? value : value >= before ? value - before : value);
      }
    } else for (const key of Object.keys(current)) totals[key] = 0;
    previous = current;
  }
  return totals;
}

const step = fc.option(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 50 }), { maxKeys: 3 }), {
  nil: undefined,
  freq: 4,
});

describe('MetricHistory.increase', () => {
  it('equals the sum of consecutive differences, resets and vanished series included', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), fc.nat(260), fc.nat(260), (steps, x, y) => {
        const [from, to] = x <= y ? [x, y] : [y, x];
        const history = new MetricHistory();
        steps.forEach((values, index) => {
          const text =
            values &&
            Object.entries(values)
              .map(([key, value]) => `c_total{k="${key}"} ${value}`)
              .join('\n');
          history.record('svc', (index + 1) * 10, values === undefined ? undefined : parseExposition(text ?? ''));
        });
        const got: Record<string, number> = {};
        for (const series of history.increase('c_total', [], from, to)) got[series.labels.k!] = series.value;
        const expected = naiveIncrease(steps, from, to);
        // A series that only ever showed zero growth may be left out when it has vanished by the end.
        for (const [key, value] of Object.entries(expected)) if (value === 0 && got[key] === undefined) got[key] = 0;
        expect(got).toEqual(expected);
      }),
      { numRuns: runs },
    );
  });

  it('refuses scrapes out of time order', () => {
    const history = new MetricHistory();
    history.record('svc', 20, undefined);
    expect(() => history.record('svc', 10, undefined)).toThrow(/time order/);
  });
});
