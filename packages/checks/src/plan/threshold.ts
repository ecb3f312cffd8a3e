import { OPERATORS, type Operator, type Threshold } from './check-plan';
import { CheckPlanError } from './check-plan.errors';

/** The one ODCS operator of a rule (`mustBe`, `mustBeBetween`, …) with its operand, checked for shape. */
export function readThreshold(rule: Record<string, unknown>, where: string): Threshold {
  const present = OPERATORS.filter((operator) => rule[operator] !== undefined);
  if (present.length !== 1) {
    throw new CheckPlanError(
      'invalid-rule',
      `${where}: a rule needs exactly one of ${OPERATORS.join(', ')}; found ${present.length === 0 ? 'none' : present.join(', ')}`,
    );
  }
  const operator = present[0]!;
  const value = rule[operator];
  if (operator === 'mustBeBetween' || operator === 'mustNotBeBetween') {
    if (
      !Array.isArray(value) ||
      value.length !== 2 ||
      !value.every(isFiniteNumber) ||
      (value[0] as number) > (value[1] as number)
    ) {
      throw new CheckPlanError('invalid-rule', `${where}: ${operator} needs two numbers, the smaller first`);
    }
  } else if (operator !== 'mustBe' && operator !== 'mustNotBe' && !isFiniteNumber(value)) {
    throw new CheckPlanError('invalid-rule', `${where}: ${operator} needs a number`);
  }
  return { operator, value };
}

/** Whether an observed value satisfies a threshold. Numbers compare numerically; a null observed value never does. */
export function satisfiesThreshold(observed: unknown, threshold: Threshold): boolean {
  const { operator, value } = threshold;
  if (operator === 'mustBe') return sameValue(observed, value);
  if (operator === 'mustNotBe') return observed !== null && observed !== undefined && !sameValue(observed, value);
  const number = toNumber(observed);
  if (number === undefined) return false;
  const [low, high] = Array.isArray(value) ? (value as [number, number]) : [0, 0];
  const checks: Record<Exclude<Operator, 'mustBe' | 'mustNotBe'>, () => boolean> = {
    mustBeGreaterThan: () => number > (value as number),
    mustBeGreaterOrEqualTo: () => number >= (value as number),
    mustBeLessThan: () => number < (value as number),
    mustBeLessOrEqualTo: () => number <= (value as number),
    mustBeBetween: () => number >= low && number <= high,
    mustNotBeBetween: () => number < low || number > high,
  };
  return checks[operator]();
}

/** "must be 0", "must be between 1 and 5" */
export function describeThreshold(threshold: Threshold): string {
  const words: Record<Operator, string> = {
    mustBe: 'must be',
    mustNotBe: 'must not be',
    mustBeGreaterThan: 'must be >',
    mustBeGreaterOrEqualTo: 'must be >=',
    mustBeLessThan: 'must be <',
    mustBeLessOrEqualTo: 'must be <=',
    mustBeBetween: 'must be between',
    mustNotBeBetween: 'must not be between',
  };
  const value = Array.isArray(threshold.value)
    ? `${threshold.value[0]} and ${threshold.value[1]}`
    : JSON.stringify(threshold.value);
  return `${words[threshold.operator]} ${value}`;
}

function sameValue(observed: unknown, expected: unknown): boolean {
  const a = toNumber(observed);
  const b = toNumber(expected);
  if (a !== undefined && b !== undefined) return a === b;
  return observed === expected || String(observed) === String(expected);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
