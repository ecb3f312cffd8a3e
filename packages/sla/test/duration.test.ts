/**
 * duration-shorthand: parse and format are inverse, and everything else is refused.
 * Bad inputs tried: seconds (`30s`), no unit, no number, a space, a sign, a fraction, a leading zero, a lowercase
 * month confusion (`1M` vs `1m` are different units), units not in the spec (`1y`, `1D`), an empty string.
 */
import fc from 'fast-check';
import {
  DURATION_UNITS,
  durationToMilliseconds,
  formatDuration,
  formatPrometheusDuration,
  parseDuration,
  parsePrometheusDuration,
} from '../src';

/** 500 runs per property in `npm test`; CHARTER_PROPERTY_RUNS explores further (a failure prints its seed). */
const runs = Number(process.env.CHARTER_PROPERTY_RUNS ?? 500);
const unit = fc.constantFrom(...DURATION_UNITS);
const amount = fc.nat({ max: 1_000_000 });

describe('duration-shorthand', () => {
  it('format ∘ parse is the identity on valid shorthand', () => {
    fc.assert(
      fc.property(amount, unit, (n, u) => {
        const text = `${n}${u}`;
        const parsed = parseDuration(text);
        expect(parsed).toBeDefined();
        expect(formatDuration(parsed!)).toBe(text);
      }),
      { numRuns: runs },
    );
  });

  it('parse ∘ format is the identity on durations', () => {
    fc.assert(
      fc.property(amount, unit, (n, u) => {
        expect(parseDuration(formatDuration({ amount: n, unit: u }))).toEqual({ amount: n, unit: u });
      }),
      { numRuns: runs },
    );
  });

  it('refuses any string that is not digits then one unit', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const valid = /^(0|[1-9][0-9]*)[mhdwMQY]$/.test(text);
        expect(parseDuration(text) !== undefined).toBe(valid);
      }),
      { numRuns: runs },
    );
  });

  it.each(['30s', '5', 'm', '5 m', '+5m', '-5m', '1.5h', '05m', '1y', '1D', ''])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1M', 30 * 86_400_000],
    ['1Q', 90 * 86_400_000],
    ['1Y', 365 * 86_400_000],
  ])('%s lasts %d ms', (text, milliseconds) => {
    expect(durationToMilliseconds(parseDuration(text)!)).toBe(milliseconds);
  });

  it('Prometheus durations round-trip through milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * 365 * 86_400_000 }), (milliseconds) => {
        expect(parsePrometheusDuration(formatPrometheusDuration(milliseconds))).toBe(milliseconds);
      }),
      { numRuns: runs },
    );
    expect(formatPrometheusDuration(5_000)).toBe('5s');
    expect(formatPrometheusDuration(28 * 86_400_000)).toBe('4w');
    expect(parsePrometheusDuration('1h30m')).toBe(5_400_000);
    expect(parsePrometheusDuration('1x')).toBeUndefined();
  });
});
