/** OpenSLO's duration-shorthand postfixes: minutes, hours, days, weeks, months, quarters, years (no seconds). */
export const DURATION_UNITS = ['m', 'h', 'd', 'w', 'M', 'Q', 'Y'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration-shorthand such as `5m` or `4w`: a whole number and a case-sensitive unit. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

const MINUTE = 60_000;
/** Months, quarters and years are fixed lengths here (30, 90 and 365 days): the spec leaves them to implementations. */
const UNIT_MILLISECONDS: Record<DurationUnit, number> = {
  m: MINUTE,
  h: 60 * MINUTE,
  d: 24 * 60 * MINUTE,
  w: 7 * 24 * 60 * MINUTE,
  M: 30 * 24 * 60 * MINUTE,
  Q: 90 * 24 * 60 * MINUTE,
  Y: 365 * 24 * 60 * MINUTE,
};

const SHORTHAND = /^(0|[1-9][0-9]*)([mhdwMQY])$/;

/** Parses a duration-shorthand; `undefined` for anything else (seconds, spaces, signs, leading zeros, fractions). */
export function parseDuration(text: string): Duration | undefined {
  const match = SHORTHAND.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!Number.isSafeInteger(amount)) return undefined;
  return { amount, unit: match[2] as DurationUnit };
}

/** The shorthand text of a duration: `formatDuration(parseDuration(s)) === s` for every valid `s`. */
export function formatDuration(duration: Duration): string {
  return `${duration.amount}${duration.unit}`;
}

export function durationToMilliseconds(duration: Duration): number {
  return duration.amount * UNIT_MILLISECONDS[duration.unit];
}

const PROMETHEUS_UNITS: ReadonlyArray<[string, number]> = [
  ['w', UNIT_MILLISECONDS.w],
  ['d', UNIT_MILLISECONDS.d],
  ['h', UNIT_MILLISECONDS.h],
  ['m', MINUTE],
  ['s', 1_000],
  ['ms', 1],
];

/** Milliseconds as a Prometheus duration (`1h30m`, `5m`, `250ms`): for rule files and compiled queries. */
export function formatPrometheusDuration(milliseconds: number): string {
  let rest = Math.max(1, Math.round(milliseconds));
  let text = '';
  for (const [unit, size] of PROMETHEUS_UNITS) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

const PROMETHEUS_DURATION = /(\d+)(ms|y|w|d|h|m|s)/g;
const PROMETHEUS_UNIT_MILLISECONDS: Record<string, number> = {
  y: UNIT_MILLISECONDS.Y,
  w: UNIT_MILLISECONDS.w,
  d: UNIT_MILLISECONDS.d,
  h: UNIT_MILLISECONDS.h,
  m: MINUTE,
  s: 1_000,
  ms: 1,
};

/** A Prometheus duration (`1h30m`, `5s`) in milliseconds; `undefined` if it is not one. */
export function parsePrometheusDuration(text: string): number | undefined {
  if (!/^(\d+(ms|y|w|d|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(PROMETHEUS_DURATION)) {
    total += Number(match[1]) * PROMETHEUS_UNIT_MILLISECONDS[match[2]!]!;
  }
  return total;
}
